import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import type { NodeEvent } from '../../../domain/events/transition-event';
import { assertValidName } from '../../../domain/names/name.value';
import type { EventsBatch } from '../../shared/results/events-batch';
import type { Registry } from '../ports/registry.port';
import type { EventFeed } from './event-feed';

export interface WatchEventsInput {
  /** Absent: every service of the node. */
  readonly service?: string;
  /** History from then on; absent: the last DEFAULT_HISTORY events. */
  readonly since?: Date;
  /** Keep going with events as they are recorded, until `signal` aborts. */
  readonly follow: boolean;
  readonly signal?: AbortSignal;
}

/** History shown without --since: like `logs -n 100`, enough to see what just happened. */
export const DEFAULT_HISTORY = 100;
/** Live events waiting for one follower before it counts as too slow. */
export const MAX_QUEUED = 1000;
/** History goes out in batches of this many events (a message each). */
export const HISTORY_BATCH = 200;

const keyOf = (e: NodeEvent): string => JSON.stringify(e);

/**
 * `mcp events`: the node's recorded events oldest first, then (follow) a
 * caught-up mark and each event as it is recorded, from the EventFeed — never by polling the database.
 *
 * The feed is subscribed to before history is read, so nothing recorded in
 * between is lost; what the history already holds is not sent twice. A
 * follower that does not take its events (the gRPC side stops pulling while
 * the client's window is full) gets CLIENT_TOO_SLOW once MAX_QUEUED pile up:
 * memory stays bounded and the writers of events never wait for a reader.
 */
export class WatchEventsUseCase {
  constructor(
    private readonly registry: Pick<Registry, 'getService' | 'listEvents'>,
    private readonly feed: EventFeed,
    private readonly maxQueued = MAX_QUEUED,
  ) {}

  async *stream(input: WatchEventsInput): AsyncGenerator<EventsBatch> {
    const service = input.service !== undefined ? assertValidName('service', input.service) : undefined;
    if (service !== undefined && !(await this.registry.getService(service))) {
      throw new DomainError(ErrorCode.ServiceNotFound, `service ${service} not found`);
    }
    const queue: NodeEvent[] = [];
    let overflow = false;
    let wake: (() => void) | undefined;
    const unsubscribe = input.follow
      ? this.feed.subscribe((events) => {
          for (const e of events) if (service === undefined || e.service === service) queue.push(e);
          if (queue.length > this.maxQueued) {
            // A follower that does not pull is not woken either: stop queueing now, it fails when it next pulls.
            overflow = true;
            queue.length = 0;
            unsubscribe();
          }
          wake?.();
        })
      : () => undefined;
    const onAbort = () => wake?.();
    input.signal?.addEventListener('abort', onAbort);
    try {
      const history = (
        await this.registry.listEvents({ ...(service ? { service } : {}), ...(input.since ? { since: input.since } : { limit: DEFAULT_HISTORY }) })
      ).reverse();
      const seen = new Set(history.map(keyOf));
      for (let i = 0; i < history.length; i += HISTORY_BATCH) yield { events: history.slice(i, i + HISTORY_BATCH) };
      if (!input.follow) return;
      yield { events: [], caughtUp: true };
      // Events queued while history was read may be in it already.
      const early = queue.splice(0).filter((e) => !seen.has(keyOf(e)));
      queue.unshift(...early);
      seen.clear();
      while (!input.signal?.aborted) {
        if (overflow) throw new DomainError(ErrorCode.ClientTooSlow, `more than ${this.maxQueued} events waited for this follower: it reads too slowly`);
        if (queue.length > 0) {
          yield { events: queue.splice(0) };
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      unsubscribe();
      input.signal?.removeEventListener('abort', onAbort);
    }
  }
}
