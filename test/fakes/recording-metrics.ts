import type { DeployResult, Metrics, TickKind } from '../../src/application/agent/ports/metrics.port';
import type { TransitionEvent } from '../../src/domain/events/transition-event';

/** Remembers every measurement, in order. */
export class RecordingMetrics implements Metrics {
  readonly rpcs: Array<{ method: string; code: string; seconds: number }> = [];
  readonly deploys: Array<{ service: string; result: DeployResult; seconds: number }> = [];
  readonly ticks: Array<{ kind: TickKind; seconds: number }> = [];
  readonly transitionEvents: TransitionEvent[] = [];
  readonly alerts: string[] = [];
  readonly eventsUp: boolean[] = [];

  rpcFinished(method: string, code: string, seconds: number): void {
    this.rpcs.push({ method, code, seconds });
  }
  deployFinished(service: string, result: DeployResult, seconds: number): void {
    this.deploys.push({ service, result, seconds });
  }
  tickFinished(kind: TickKind, seconds: number): void {
    this.ticks.push({ kind, seconds });
  }
  transitions(events: readonly TransitionEvent[]): void {
    this.transitionEvents.push(...events);
  }
  alertSent(type: string): void {
    this.alerts.push(type);
  }
  runtimeEventsUp(up: boolean): void {
    this.eventsUp.push(up);
  }
}
