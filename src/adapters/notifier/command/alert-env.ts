import type { Alert } from '../../../domain/monitor/alert';

/** The variables the alert command receives (SPEC "Agent"); names are part of the contract. */
export function alertEnvironment(alert: Alert): Record<string, string> {
  return {
    MCP_ALERT_TYPE: alert.type,
    MCP_NODE: alert.node,
    MCP_SERVICE: alert.service,
    MCP_COMPONENT: alert.component,
    MCP_CONTAINER: alert.container,
    MCP_DESIRED_STATE: alert.desired,
    MCP_OBSERVED_STATE: alert.observed,
    MCP_TRANSITIONS: String(alert.transitions),
    MCP_MESSAGE: alert.message,
    ...(alert.healthOutput !== undefined ? { MCP_HEALTH_OUTPUT: alert.healthOutput } : {}),
  };
}

/** The same facts as log fields, so a log line can be matched to the alert. */
export function alertLogFields(alert: Alert): Record<string, string | number> {
  return {
    type: alert.type,
    node: alert.node,
    service: alert.service,
    component: alert.component,
    container: alert.container,
    desired: alert.desired,
    observed: alert.observed,
    transitions: alert.transitions,
  };
}
