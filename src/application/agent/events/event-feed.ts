import type { NodeEvent } from '../../../domain/events/transition-event';

export type EventListener = (events: readonly NodeEvent[]) => void;

/**
 * The agent's in-process fan-out of recorded events: whatever is written to
 * the registry is handed to every follower at once, so `mcp events -f` never
 * polls the database. Listeners must be quick and must not throw (they only
 * queue); one that throws is dropped rather than allowed to hurt the writer.
 */
export class EventFeed {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(events: readonly NodeEvent[]): void {
    if (events.length === 0) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(events);
      } catch {
        this.listeners.delete(listener);
      }
    }
  }

  get followers(): number {
    return this.listeners.size;
  }
}
