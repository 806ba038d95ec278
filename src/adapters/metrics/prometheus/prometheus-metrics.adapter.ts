import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ComponentMetricRow } from '../../../application/agent/monitor/read-component-metrics.use-case';
import type { DeployResult, Metrics, TickKind } from '../../../application/agent/ports/metrics.port';
import type { TransitionEvent } from '../../../domain/events/transition-event';

const COMPONENT = ['service', 'component'] as const;
const NOT_COUNTERS_BUT_TOTAL = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/**
 * The Metrics port on prom-client, with a registry of its own (never the
 * global one: two agents in one test process must not share counters).
 * Component gauges are computed from the registry at scrape time by
 * `components`, so they can never lag behind what `mcp ps` would say.
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly transitionsTotal: Counter<'service' | 'component'>;
  private readonly deploysTotal: Counter<'service' | 'result'>;
  private readonly deployDuration: Histogram<'service'>;
  private readonly rpcTotal: Counter<'method' | 'code'>;
  private readonly rpcDuration: Histogram<'method'>;
  private readonly tickDuration: Histogram<'kind'>;
  private readonly alertsTotal: Counter<'type'>;
  private readonly eventsUp: Gauge;

  constructor(components: () => Promise<readonly ComponentMetricRow[]>) {
    const registers = [this.registry];
    // prom-client collects every metric of a scrape at once: the three gauges share one registry read.
    let reading: Promise<readonly ComponentMetricRow[]> | undefined;
    const rows = (): Promise<readonly ComponentMetricRow[]> => (reading ??= components().finally(() => (reading = undefined)));
    collectDefaultMetrics({ register: this.registry });
    // prom-client names these gauges *_total, which `promtool check metrics`
    // rejects (a _total suffix promises a counter); the other defaults stay.
    for (const name of NOT_COUNTERS_BUT_TOTAL) this.registry.removeSingleMetric(name);
    const gauge = (name: string, help: string, pick: (r: ComponentMetricRow) => boolean) =>
      new Gauge({
        name,
        help,
        labelNames: COMPONENT,
        registers,
        async collect() {
          this.reset();
          for (const r of await rows()) this.set({ service: r.service, component: r.component }, pick(r) ? 1 : 0);
        },
      });
    gauge('mcp_component_up', '1 when the component\'s container was last seen running.', (r) => r.up);
    gauge('mcp_component_drift', '1 when the observed state contradicts the desired state.', (r) => r.drift);
    gauge('mcp_component_healthy', '1 when the component\'s health check passes (running, for a component without a check).', (r) => r.healthy);
    this.transitionsTotal = new Counter({ name: 'mcp_component_transitions_total', help: 'Observed state changes recorded by the monitor.', labelNames: COMPONENT, registers });
    this.deploysTotal = new Counter({ name: 'mcp_deploys_total', help: 'Deploys by service and result (deployed or failed).', labelNames: ['service', 'result'], registers });
    this.deployDuration = new Histogram({
      name: 'mcp_deploy_duration_seconds',
      help: 'Time a deploy took, pulls included.',
      labelNames: ['service'],
      buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers,
    });
    this.rpcTotal = new Counter({ name: 'mcp_rpc_requests_total', help: 'gRPC calls by method and status code.', labelNames: ['method', 'code'], registers });
    this.rpcDuration = new Histogram({ name: 'mcp_rpc_duration_seconds', help: 'gRPC call duration (a stream: until it ends).', labelNames: ['method'], registers });
    this.tickDuration = new Histogram({
      name: 'mcp_monitor_tick_duration_seconds',
      help: 'Monitor pass duration: full (interval) or event (runtime event).',
      labelNames: ['kind'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.alertsTotal = new Counter({ name: 'mcp_alerts_total', help: 'Alerts handed to the alert command, by type.', labelNames: ['type'], registers });
    this.eventsUp = new Gauge({ name: 'mcp_runtime_events_up', help: '1 while the runtime event stream is followed.', registers });
  }

  rpcFinished(method: string, code: string, seconds: number): void {
    this.rpcTotal.inc({ method, code });
    this.rpcDuration.observe({ method }, seconds);
  }
  deployFinished(service: string, result: DeployResult, seconds: number): void {
    this.deploysTotal.inc({ service, result });
    this.deployDuration.observe({ service }, seconds);
  }
  tickFinished(kind: TickKind, seconds: number): void {
    this.tickDuration.observe({ kind }, seconds);
  }
  transitions(events: readonly TransitionEvent[]): void {
    for (const e of events) this.transitionsTotal.inc({ service: e.service, component: e.component });
  }
  alertSent(type: string): void {
    this.alertsTotal.inc({ type });
  }
  runtimeEventsUp(up: boolean): void {
    this.eventsUp.set(up ? 1 : 0);
  }

  get contentType(): string {
    return this.registry.contentType;
  }
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
