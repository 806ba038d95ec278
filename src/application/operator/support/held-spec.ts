import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import type { ServiceSpec } from '../../../domain/service/service-spec';
import type { AgentGatewayFactory } from '../ports/agent-gateway.port';
import { withGateway } from './fan-out';
import type { NodeLocator } from './node-locator';

/** The spec the agent recorded for a service (what actually runs), and its node. */
export async function heldSpec(locator: NodeLocator, gateways: AgentGatewayFactory, service: string): Promise<{ node: string; spec: ServiceSpec }> {
  const located = await locator.locate(service);
  if (located.held) return { node: located.node.name, spec: located.held };
  const view = await withGateway(gateways, located.node, (g) => g.list());
  const found = view.services.find((s) => s.spec.name === service);
  if (!found) {
    const hint = located.file ? ` (it is defined in ${located.file.path}: run \`mcp deploy ${service}\`)` : '';
    throw new DomainError(ErrorCode.ServiceNotFound, `service ${service} is not known on node ${located.node.name}${hint}`);
  }
  return { node: located.node.name, spec: found.spec };
}
