import type { NodeEvent } from '../../../domain/events/transition-event';

/**
 * What `StreamEvents` sends: recorded events oldest first, in batches. With
 * follow, one batch says `caughtUp` once the history is sent: every event
 * after it is live. The CLI needs that line to merge the histories of
 * several nodes by time before it starts printing live events.
 */
export interface EventsBatch {
  readonly events: readonly NodeEvent[];
  readonly caughtUp?: boolean;
}
