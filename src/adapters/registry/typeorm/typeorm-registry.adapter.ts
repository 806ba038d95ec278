import { type DataSource, type EntityManager, type EntityTarget, type FindOptionsWhere, IsNull, Not, type ObjectLiteral } from 'typeorm';
import type { EventQuery, HealthUpdate, ObservedUpdate, Registry, RunningCheck } from '../../../application/agent/ports/registry.port';
import type { DeployJournal, JournalEntry, JournalStep, OpenDeploy } from '../../../application/agent/ports/deploy-journal.port';
import { beginEntry, clearEntry, listEntries, markCommitted, recordStep } from './deploy-journal.rows';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import type { NodeEvent } from '../../../domain/events/transition-event';
import type { ServiceRecord, UnmanagedContainer } from '../../../domain/service/service-record';
import { ComponentCmdEntity, ComponentEnvEntity, ComponentPortEntity, ComponentVolumeEntity } from './entities/component-parts.entity';
import { ComponentEntity } from './entities/component.entity';
import { EventEntity } from './entities/event.entity';
import { RevisionEntity } from './entities/revision.entity';
import { ServiceEntity } from './entities/service.entity';
import { UnmanagedContainerEntity } from './entities/unmanaged-container.entity';
import { registryFailure } from './registry-errors';
import { fromServiceRecord, fromNodeEvent, fromUnmanaged, toNodeEvent, toRunningCheck, toServiceRecord, toUnmanaged } from './registry.mapper';
import { KeyedLock } from '../../../application/agent/support/keyed-lock';
import type { Revision } from '../../../domain/revision/revision';
import { fromRevision, toRevision } from './revision.mapper';

// Well under SQLite's bound-parameter limit whatever the row width.
const INSERT_CHUNK = 200;

async function insertRows<T extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<T>, rows: readonly T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await m
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + INSERT_CHUNK) as T[])
      .updateEntity(false)
      .execute();
  }
}

function duplicateComponent(record: ServiceRecord): DomainError | undefined {
  const seen = new Set<string>();
  for (const c of record.components) {
    if (seen.has(c.spec.name)) return new DomainError(ErrorCode.InvalidSpec, `service ${record.name}: duplicate component name ${JSON.stringify(c.spec.name)}`);
    seen.add(c.spec.name);
  }
  return undefined;
}

/** Inside a transaction: the service row and exactly these components. */
async function writeService(m: EntityManager, record: ServiceRecord): Promise<void> {
  const rows = fromServiceRecord(record);
  // Upsert, never delete: deleting the service row would cascade to its events.
  await m.createQueryBuilder().insert().into(ServiceEntity).values(rows.service).orUpdate(['node', 'active'], ['name']).updateEntity(false).execute();
  await m.delete(ComponentEntity, { service: record.name });
  await insertRows(m, ComponentEntity, rows.components);
  await insertRows(m, ComponentPortEntity, rows.ports);
  await insertRows(m, ComponentVolumeEntity, rows.volumes);
  await insertRows(m, ComponentCmdEntity, rows.cmd);
  await insertRows(m, ComponentEnvEntity, rows.env);
}

function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new DomainError(ErrorCode.InvalidArgument, `event limit must be a whole number ≥ 0, got ${limit}`);
  }
}

/**
 * The Registry on a TypeORM DataSource over one SQLite file. Every call runs
 * alone, in call order: TypeORM's sqlite driver shares a single connection,
 * so two callers' transactions would otherwise nest as savepoints of each
 * other, and a read could see another caller's half-written transaction.
 */
export class TypeormRegistry implements Registry, DeployJournal {
  private readonly calls = new KeyedLock();

  constructor(
    private readonly dataSource: DataSource,
    private readonly dbPath: string,
  ) {}

  private run<T>(operation: string, task: (m: EntityManager) => Promise<T>, transactional = false): Promise<T> {
    return this.calls.run(this.dbPath, async () => {
      try {
        return transactional ? await this.dataSource.transaction((m) => task(m)) : await task(this.dataSource.manager);
      } catch (e) {
        throw registryFailure(this.dbPath, operation, e);
      }
    });
  }

  /** `task` in this registry's call order: the secret store shares its one connection. */
  exclusive<T>(operation: string, task: (m: EntityManager) => Promise<T>, transactional = false): Promise<T> {
    return this.run(operation, task, transactional);
  }

  /** Waits for calls already made, so closing never cuts a transaction short. */
  drain(): Promise<void> {
    return this.calls.run(this.dbPath, async () => undefined);
  }

  getService(name: string): Promise<ServiceRecord | undefined> {
    return this.run('getService', async (m) => (await this.loadServices(m, { name }))[0]);
  }

  listServices(): Promise<ServiceRecord[]> {
    return this.run('listServices', (m) => this.loadServices(m, {}));
  }

  listRunningChecks(): Promise<RunningCheck[]> {
    return this.run('listRunningChecks', async (m) =>
      (
        await m.find(ComponentEntity, {
          where: { desired: 'running', observed: 'running', healthCheck: Not(IsNull()) },
          order: { service: 'ASC', position: 'ASC' },
        })
      ).map(toRunningCheck),
    );
  }

  saveService(record: ServiceRecord): Promise<void> {
    const duplicate = duplicateComponent(record);
    if (duplicate) return Promise.reject(duplicate);
    return this.run('saveService', (m) => writeService(m, record), true);
  }

  updateHealth(updates: readonly HealthUpdate[]): Promise<void> {
    if (updates.length === 0) return Promise.resolve();
    return this.run(
      'updateHealth',
      async (m) => {
        for (const u of updates) await m.update(ComponentEntity, { service: u.service, name: u.component }, { health: u.health });
      },
      true,
    );
  }

  begin(entry: JournalEntry): Promise<void> {
    return this.run('journal begin', (m) => beginEntry(m, entry), true);
  }

  record(service: string, component: string, step: JournalStep): Promise<void> {
    return this.run('journal record', (m) => recordStep(m, service, component, step));
  }

  commit(service: string, record: ServiceRecord): Promise<void> {
    const duplicate = duplicateComponent(record);
    if (duplicate) return Promise.reject(duplicate);
    return this.run(
      'journal commit',
      async (m) => {
        await writeService(m, record);
        await markCommitted(m, service);
      },
      true,
    );
  }

  clear(service: string): Promise<void> {
    return this.run('journal clear', (m) => clearEntry(m, service), true);
  }

  list(): Promise<OpenDeploy[]> {
    return this.run('journal list', (m) => listEntries(m));
  }

  deleteService(name: string): Promise<boolean> {
    return this.run('deleteService', async (m) => ((await m.delete(ServiceEntity, { name })).affected ?? 0) > 0);
  }

  updateObserved(updates: readonly ObservedUpdate[]): Promise<void> {
    return this.run(
      'updateObserved',
      async (m) => {
        for (const u of updates) {
          await m.update(
            ComponentEntity,
            { service: u.service, name: u.component },
            {
              observed: u.observed,
              observedAt: u.at.getTime(),
              ...(u.startedAt !== undefined ? { startedAt: u.startedAt.getTime() } : {}),
              ...(u.version !== undefined ? { version: u.version } : {}),
            },
          );
        }
      },
      true,
    );
  }

  addEvents(events: readonly NodeEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.run(
      'addEvents',
      async (m) => {
        const names = [...new Set(events.map((e) => e.service))];
        const known = new Set((await m.find(ServiceEntity, { select: { name: true }, where: names.map((name) => ({ name })) })).map((s) => s.name));
        const rows = events.filter((e) => known.has(e.service)).map(fromNodeEvent);
        await insertRows(m, EventEntity, rows as EventEntity[]);
      },
      true,
    );
  }

  async listEvents(q: EventQuery): Promise<NodeEvent[]> {
    checkLimit(q.limit);
    if (q.limit === 0) return [];
    return this.run('listEvents', async (m) => {
      const qb = m.createQueryBuilder(EventEntity, 'e').where('1 = 1');
      if (q.service !== undefined) qb.andWhere('e.service = :service', { service: q.service });
      if (q.kinds !== undefined) qb.andWhere('e.kind IN (:...kinds)', { kinds: q.kinds.length > 0 ? [...q.kinds] : [''] });
      if (q.component !== undefined) qb.andWhere('e.component = :component', { component: q.component });
      if (q.since !== undefined) qb.andWhere('e.at >= :since', { since: q.since.getTime() });
      if (q.until !== undefined) qb.andWhere('e.at < :until', { until: q.until.getTime() });
      qb.orderBy('e.at', 'DESC').addOrderBy('e.id', 'DESC');
      if (q.limit !== undefined) qb.limit(q.limit);
      return (await qb.getMany()).map(toNodeEvent);
    });
  }

  countEvents(service: string, component: string, since: Date): Promise<number> {
    return this.run('countEvents', async (m) => {
      const rows: Array<{ n: number }> = await m.query("SELECT COUNT(*) AS n FROM events WHERE kind = 'transition' AND service = ? AND component = ? AND at >= ?", [service, component, since.getTime()]);
      return Number(rows[0]?.n ?? 0);
    });
  }

  pruneEvents(before: Date): Promise<number> {
    return this.run('pruneEvents', async (m) => {
      const result = await m.createQueryBuilder().delete().from(EventEntity).where('at < :before', { before: before.getTime() }).execute();
      return result.affected ?? 0;
    });
  }

  replaceUnmanaged(containers: readonly UnmanagedContainer[]): Promise<void> {
    // Last one wins when a name repeats, as a map keyed by name would do.
    const rows = [...new Map(containers.map((c) => [c.name, fromUnmanaged(c)])).values()];
    return this.run(
      'replaceUnmanaged',
      async (m) => {
        await m.createQueryBuilder().delete().from(UnmanagedContainerEntity).execute();
        await insertRows(m, UnmanagedContainerEntity, rows);
      },
      true,
    );
  }

  listUnmanaged(): Promise<UnmanagedContainer[]> {
    return this.run('listUnmanaged', async (m) => (await m.find(UnmanagedContainerEntity, { order: { name: 'ASC' } })).map(toUnmanaged));
  }

  addRevision(revision: Revision, keep: number): Promise<Revision> {
    if (!Number.isInteger(keep) || keep < 1) return Promise.reject(new DomainError(ErrorCode.InvalidArgument, `keep_revisions must be a whole number ≥ 1, got ${keep}`));
    return this.run(
      'addRevision',
      async (m) => {
        if (!(await m.exists(ServiceEntity, { where: { name: revision.service } }))) {
          throw new DomainError(ErrorCode.ServiceNotFound, `service ${revision.service} is not in the registry`);
        }
        const rows: Array<{ n: number | null }> = await m.query('SELECT MAX(number) AS n FROM revisions WHERE service = ?', [revision.service]);
        const { number: _ignored, ...rest } = revision;
        const stored: Revision = revision.result === 'deployed' ? { ...rest, number: Number(rows[0]?.n ?? 0) + 1 } : rest;
        await insertRows(m, RevisionEntity, [fromRevision(stored) as RevisionEntity]);
        // The oldest kept numbered revision bounds what stays; older attempts go with the revisions they followed.
        const kept: Array<{ id: number }> = await m.query('SELECT id FROM revisions WHERE service = ? AND number IS NOT NULL ORDER BY number DESC LIMIT 1 OFFSET ?', [revision.service, keep - 1]);
        if (kept[0] !== undefined) await m.query('DELETE FROM revisions WHERE service = ? AND id < ?', [revision.service, kept[0].id]);
        return stored;
      },
      true,
    );
  }

  listRevisions(service: string): Promise<Revision[]> {
    return this.run('listRevisions', async (m) => (await m.find(RevisionEntity, { where: { service }, order: { id: 'DESC' } })).map(toRevision));
  }

  /** All services matching `where` (by name), sorted by name, each with its parts. */
  private async loadServices(m: EntityManager, where: FindOptionsWhere<ServiceEntity>): Promise<ServiceRecord[]> {
    const services = await m.find(ServiceEntity, { where, order: { name: 'ASC' } });
    if (services.length === 0) return [];
    const byService = where.name !== undefined ? { service: where.name as string } : {};
    const listOrder = { service: 'ASC', component: 'ASC', position: 'ASC' } as const;
    const [components, ports, volumes, cmd, env] = await Promise.all([
      m.find(ComponentEntity, { where: byService, order: { service: 'ASC', position: 'ASC' } }),
      m.find(ComponentPortEntity, { where: byService, order: listOrder }),
      m.find(ComponentVolumeEntity, { where: byService, order: listOrder }),
      m.find(ComponentCmdEntity, { where: byService, order: listOrder }),
      m.find(ComponentEnvEntity, { where: byService, order: { service: 'ASC', component: 'ASC', key: 'ASC' } }),
    ]);
    const of = <T extends { service: string }>(rows: T[], name: string): T[] => rows.filter((r) => r.service === name);
    return services.map((service) =>
      toServiceRecord({
        service,
        components: of(components, service.name),
        ports: of(ports, service.name),
        volumes: of(volumes, service.name),
        cmd: of(cmd, service.name),
        env: of(env, service.name),
      }),
    );
  }
}
