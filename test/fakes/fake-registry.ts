import type { EventQuery, ObservedUpdate, Registry } from '../../src/application/ports/registry.port';
import type { TransitionEvent } from '../../src/domain/events/transition-event';
import type { ServiceRecord, UnmanagedContainer } from '../../src/domain/service/service-record';

const clone = <T>(v: T): T => structuredClone(v);

/** In-memory Registry; passes the same contract suite as the SQLite adapter. */
export class FakeRegistry implements Registry {
  private readonly services = new Map<string, ServiceRecord>();
  private events: TransitionEvent[] = [];
  private unmanaged: UnmanagedContainer[] = [];
  /** Counts calls by method, for tests that care how often the registry was asked. */
  readonly calls: Record<string, number> = {};

  private count(method: string): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
  }

  async getService(name: string): Promise<ServiceRecord | undefined> {
    this.count('getService');
    const s = this.services.get(name);
    return s ? clone(s) : undefined;
  }

  async listServices(): Promise<ServiceRecord[]> {
    this.count('listServices');
    return [...this.services.values()].sort((a, b) => a.name.localeCompare(b.name)).map(clone);
  }

  async saveService(service: ServiceRecord): Promise<void> {
    this.count('saveService');
    this.services.set(service.name, clone(service));
  }

  async deleteService(name: string): Promise<boolean> {
    this.count('deleteService');
    this.events = this.events.filter((e) => e.service !== name);
    return this.services.delete(name);
  }

  async updateObserved(updates: readonly ObservedUpdate[]): Promise<void> {
    this.count('updateObserved');
    for (const u of updates) {
      const s = this.services.get(u.service);
      if (!s) continue;
      const components = s.components.map((c) =>
        c.spec.name !== u.component
          ? c
          : {
              ...c,
              observed: u.observed,
              observedAt: u.at,
              ...(u.startedAt !== undefined ? { startedAt: u.startedAt } : {}),
              ...(u.version !== undefined ? { version: u.version } : {}),
            },
      );
      this.services.set(u.service, { ...s, components });
    }
  }

  async addEvents(events: readonly TransitionEvent[]): Promise<void> {
    this.count('addEvents');
    this.events.push(...events.map(clone));
  }

  async listEvents(q: EventQuery): Promise<TransitionEvent[]> {
    this.count('listEvents');
    const found = this.events
      .filter(
        (e) =>
          e.service === q.service &&
          (q.component === undefined || e.component === q.component) &&
          (q.since === undefined || e.at.getTime() >= q.since.getTime()) &&
          (q.until === undefined || e.at.getTime() < q.until.getTime()),
      )
      .sort((a, b) => b.at.getTime() - a.at.getTime());
    return (q.limit !== undefined ? found.slice(0, q.limit) : found).map(clone);
  }

  async countEvents(service: string, component: string, since: Date): Promise<number> {
    this.count('countEvents');
    return this.events.filter((e) => e.service === service && e.component === component && e.at.getTime() >= since.getTime()).length;
  }

  async pruneEvents(before: Date): Promise<number> {
    this.count('pruneEvents');
    const kept = this.events.filter((e) => e.at.getTime() >= before.getTime());
    const removed = this.events.length - kept.length;
    this.events = kept;
    return removed;
  }

  async replaceUnmanaged(containers: readonly UnmanagedContainer[]): Promise<void> {
    this.count('replaceUnmanaged');
    this.unmanaged = containers.map(clone);
  }

  async listUnmanaged(): Promise<UnmanagedContainer[]> {
    this.count('listUnmanaged');
    return [...this.unmanaged].sort((a, b) => a.name.localeCompare(b.name)).map(clone);
  }
}
