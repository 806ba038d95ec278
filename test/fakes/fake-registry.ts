import type { EventQuery, HealthUpdate, ObservedUpdate, Registry, RunningCheck } from '../../src/application/agent/ports/registry.port';
import { DomainError, ErrorCode } from '../../src/domain/errors/domain-error';
import type { NodeEvent } from '../../src/domain/events/transition-event';
import type { Revision } from '../../src/domain/revision/revision';
import type { ServiceRecord, UnmanagedContainer } from '../../src/domain/service/service-record';

const clone = <T>(v: T): T => structuredClone(v);
// Code-unit order, as SQLite's default BINARY collation sorts.
const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** In-memory Registry; passes the same contract suite as the SQLite adapter. */
export class FakeRegistry implements Registry {
  private readonly services = new Map<string, ServiceRecord>();
  private events: NodeEvent[] = [];
  private unmanaged: UnmanagedContainer[] = [];
  /** Oldest first, as added. */
  private revisions: Revision[] = [];
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
    return [...this.services.values()].sort(byName).map(clone);
  }

  async listRunningChecks(): Promise<RunningCheck[]> {
    this.count('listRunningChecks');
    return [...this.services.values()].sort(byName).flatMap((s) =>
      s.components
        .filter((c) => c.spec.health !== undefined && c.desired === 'running' && c.observed === 'running')
        .map((c) => ({ service: s.name, component: c.spec.name, check: clone(c.spec.health!), ...(c.health !== undefined ? { health: c.health } : {}) })),
    );
  }

  async saveService(service: ServiceRecord): Promise<void> {
    this.count('saveService');
    const seen = new Set<string>();
    for (const c of service.components) {
      if (seen.has(c.spec.name)) throw new DomainError(ErrorCode.InvalidSpec, `service ${service.name}: duplicate component name ${JSON.stringify(c.spec.name)}`);
      seen.add(c.spec.name);
    }
    this.services.set(service.name, clone(service));
  }

  async deleteService(name: string): Promise<boolean> {
    this.count('deleteService');
    this.events = this.events.filter((e) => e.service !== name);
    this.revisions = this.revisions.filter((r) => r.service !== name);
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

  async updateHealth(updates: readonly HealthUpdate[]): Promise<void> {
    this.count('updateHealth');
    for (const u of updates) {
      const s = this.services.get(u.service);
      if (!s) continue;
      this.services.set(u.service, { ...s, components: s.components.map((c) => (c.spec.name === u.component ? { ...c, health: u.health } : c)) });
    }
  }

  async addEvents(events: readonly NodeEvent[]): Promise<void> {
    this.count('addEvents');
    // Like the SQLite adapter: events of a service it does not hold are dropped.
    this.events.push(...events.filter((e) => this.services.has(e.service)).map(clone));
  }

  async listEvents(q: EventQuery): Promise<NodeEvent[]> {
    this.count('listEvents');
    if (q.limit !== undefined && (!Number.isInteger(q.limit) || q.limit < 0)) {
      throw new DomainError(ErrorCode.InvalidArgument, `event limit must be a whole number ≥ 0, got ${q.limit}`);
    }
    // Reversed first so that the stable sort puts the later-added of equal times first.
    const found = [...this.events]
      .reverse()
      .filter(
        (e) =>
          (q.service === undefined || e.service === q.service) &&
          (q.kinds === undefined || q.kinds.includes(e.kind)) &&
          (q.component === undefined || e.component === q.component) &&
          (q.since === undefined || e.at.getTime() >= q.since.getTime()) &&
          (q.until === undefined || e.at.getTime() < q.until.getTime()),
      )
      .sort((a, b) => b.at.getTime() - a.at.getTime());
    return (q.limit !== undefined ? found.slice(0, q.limit) : found).map(clone);
  }

  async countEvents(service: string, component: string, since: Date): Promise<number> {
    this.count('countEvents');
    return this.events.filter((e) => e.kind === 'transition' && e.service === service && e.component === component && e.at.getTime() >= since.getTime()).length;
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
    this.unmanaged = [...new Map(containers.map((c) => [c.name, clone(c)])).values()];
  }

  async listUnmanaged(): Promise<UnmanagedContainer[]> {
    this.count('listUnmanaged');
    return [...this.unmanaged].sort(byName).map(clone);
  }

  async addRevision(revision: Revision, keep: number): Promise<Revision> {
    this.count('addRevision');
    if (!Number.isInteger(keep) || keep < 1) throw new DomainError(ErrorCode.InvalidArgument, `keep_revisions must be a whole number ≥ 1, got ${keep}`);
    if (!this.services.has(revision.service)) throw new DomainError(ErrorCode.ServiceNotFound, `service ${revision.service} is not in the registry`);
    const own = this.revisions.filter((r) => r.service === revision.service);
    const { number: _ignored, ...rest } = revision;
    const stored: Revision = revision.result === 'deployed' ? { ...rest, number: Math.max(0, ...own.map((r) => r.number ?? 0)) + 1 } : rest;
    this.revisions.push(clone(stored));
    const ownNow = this.revisions.filter((r) => r.service === revision.service);
    const oldestKept = ownNow.filter((r) => r.number !== undefined).reverse()[keep - 1];
    if (oldestKept !== undefined) {
      const cut = ownNow.findIndex((r) => r.number === oldestKept.number);
      const dropped = new Set(ownNow.slice(0, cut));
      this.revisions = this.revisions.filter((r) => !dropped.has(r));
    }
    return clone(stored);
  }

  async listRevisions(service: string): Promise<Revision[]> {
    this.count('listRevisions');
    return this.revisions.filter((r) => r.service === service).reverse().map(clone);
  }
}
