import type { TransitionEvent } from '../../../domain/events/transition-event';
import type { AlertType } from '../../../domain/monitor/alert';

/** How a deploy ended, for counting: every component ok, or not (thrown errors included). */
export type DeployResult = 'deployed' | 'failed';

/** Which monitor pass ran: the interval's full resync, or one triggered by runtime events. */
export type TickKind = 'full' | 'event';

/**
 * What use cases and driving adapters count and time. The gauges of
 * components are not pushed here: the adapter reads them from the registry
 * when scraped (see ReadComponentMetricsUseCase), so they are never stale.
 * Implementations never throw.
 */
export interface Metrics {
  rpcFinished(method: string, code: string, seconds: number): void;
  deployFinished(service: string, result: DeployResult, seconds: number): void;
  tickFinished(kind: TickKind, seconds: number): void;
  transitions(events: readonly TransitionEvent[]): void;
  alertSent(type: AlertType | string): void;
  runtimeEventsUp(up: boolean): void;
}
export const METRICS = Symbol.for('mcp.Metrics');

/** When `[metrics] listen = ""`: counting nothing costs nothing. */
export const NO_METRICS: Metrics = {
  rpcFinished: () => undefined,
  deployFinished: () => undefined,
  tickFinished: () => undefined,
  transitions: () => undefined,
  alertSent: () => undefined,
  runtimeEventsUp: () => undefined,
};
