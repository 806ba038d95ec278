import type { NodeEvent } from '../../../domain/events/transition-event';
import type { Registry } from '../ports/registry.port';
import { withOverrides } from '../support/with-overrides';
import type { EventFeed } from './event-feed';

/**
 * The registry, plus: every batch of events is published on the feed once it
 * is stored. Wrapping the port (rather than each writer) means the monitor,
 * live check, deploy and whatever records events later all feed followers
 * without knowing followers exist.
 */
export function publishingRegistry<R extends Registry>(inner: R, feed: EventFeed): R {
  const addEvents = async (events: readonly NodeEvent[]): Promise<void> => {
    await inner.addEvents(events);
    feed.publish(events);
  };
  return withOverrides<Registry>(inner, { addEvents }) as R;
}
