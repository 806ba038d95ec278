import type { TransitionEvent } from '../../../domain/events/transition-event';
import type { Alert } from '../../../domain/monitor/alert';

export interface TickFailure {
  readonly code: string;
  readonly message: string;
}

/** What one monitor pass saw and did; `ok` false means it stopped early (see `error`). */
export interface TickReport {
  readonly ok: boolean;
  readonly at: Date;
  /** Components looked at (0 when the tick failed before looking). */
  readonly components: number;
  readonly transitions: readonly TransitionEvent[];
  readonly alerts: readonly Alert[];
  readonly pruned: number;
  readonly error?: TickFailure;
}
