import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openSqliteRegistry, type OpenedSqliteRegistry } from '../../../src/adapters/registry/typeorm/sqlite-registry.factory';
import { REGISTRY_MIGRATIONS } from '../../../src/adapters/registry/typeorm/migrations/registry-migrations';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import type { ServiceRecord } from '../../../src/domain/service/service-record';
import { repoRoot } from '../../support/repo-root';

const record: ServiceRecord = {
  name: 'metacrypt',
  node: 'rift',
  active: true,
  components: [
    {
      spec: { name: 'api', image: 'reg/m:v1', restart: 'always', ports: ['1:1'], volumes: ['/a:/a'], cmd: ['serve', '-v'], env: { A: '1' }, pull: 'never', network: 'net' },
      desired: 'running',
      observed: 'running',
      version: 'v1',
      observedAt: new Date('2026-01-01T00:00:00.123Z'),
    },
  ],
};

const count = async (o: OpenedSqliteRegistry, table: string): Promise<number> => Number((await o.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

describe('TypeormRegistry on a real SQLite file', () => {
  let dir: string;
  let dbPath: string;
  const opened: OpenedSqliteRegistry[] = [];
  const open = async (): Promise<OpenedSqliteRegistry> => {
    const o = await openSqliteRegistry(dbPath);
    opened.push(o);
    return o;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-registry-it-'));
    dbPath = join(dir, 'a', 'b', 'mcp.db');
  });
  afterEach(async () => {
    for (const o of opened.splice(0)) await o.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates parent directories and migrates once: a second open runs nothing new', async () => {
    const first = await open();
    expect(first.ranMigrations).to.deep.equal(REGISTRY_MIGRATIONS.map((m) => m.name));
    await first.registry.saveService(record);
    await first.close();
    const second = await open();
    expect(second.ranMigrations).to.deep.equal([]);
    expect(await count(second, 'migrations')).to.equal(REGISTRY_MIGRATIONS.length);
    expect(await second.registry.getService('metacrypt')).to.deep.equal(record);
  });

  it('keeps data across close and reopen', async () => {
    const first = await open();
    await first.registry.saveService(record);
    await first.registry.addEvents([{ kind: 'transition', service: 'metacrypt', component: 'api', from: 'running', to: 'exited', at: new Date(5) }]);
    await first.registry.replaceUnmanaged([{ name: 'stray', image: 'x', observed: 'exited' }]);
    await first.close();
    const second = await open();
    expect(await second.registry.listServices()).to.deep.equal([record]);
    expect(await second.registry.listEvents({ service: 'metacrypt' })).to.deep.equal([{ kind: 'transition', service: 'metacrypt', component: 'api', from: 'running', to: 'exited', at: new Date(5) }]);
    expect(await second.registry.listUnmanaged()).to.deep.equal([{ name: 'stray', image: 'x', observed: 'exited' }]);
  });

  it("leaves sqlite3's statement traces off (TypeORM asks for them), in a process of its own", async () => {
    const saved = await open();
    await saved.registry.saveService(record);
    await saved.close();
    const factory = join(repoRoot, 'dist/src/adapters/registry/typeorm/sqlite-registry.factory.js');
    const script = `require('reflect-metadata');
const sqlite3 = require('sqlite3');
const run = sqlite3.Database.prototype.run;
require(${JSON.stringify(factory)}).openSqliteRegistry(${JSON.stringify(dbPath)}).then(async (o) => {
  console.log(JSON.stringify({ found: (await o.registry.getService('metacrypt'))?.name ?? null, traced: sqlite3.Database.prototype.run !== run }));
  await o.close();
});`;
    const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: repoRoot });
    expect(out.status, out.stderr).to.equal(0);
    expect(JSON.parse(out.stdout)).to.deep.equal({ found: 'metacrypt', traced: false });
  });

  it('runs in WAL mode with foreign keys on', async () => {
    const o = await open();
    expect((await o.dataSource.query('PRAGMA journal_mode'))[0].journal_mode).to.equal('wal');
    expect((await o.dataSource.query('PRAGMA foreign_keys'))[0].foreign_keys).to.equal(1);
  });

  it('stores times as integer epoch milliseconds', async () => {
    const o = await open();
    await o.registry.saveService(record);
    const rows = await o.dataSource.query('SELECT observed_at, typeof(observed_at) AS t, started_at FROM components');
    expect(rows).to.deep.equal([{ observed_at: Date.parse('2026-01-01T00:00:00.123Z'), t: 'integer', started_at: null }]);
  });

  it('cascades a service delete to components, their ports/volumes/cmd/env, and events', async () => {
    const o = await open();
    await o.registry.saveService(record);
    await o.registry.saveService({ ...record, name: 'other' });
    await o.registry.addEvents([
      { kind: 'transition', service: 'metacrypt', component: 'api', from: 'running', to: 'exited', at: new Date(1) },
      { kind: 'transition', service: 'other', component: 'api', from: 'running', to: 'exited', at: new Date(1) },
    ]);
    expect(await o.registry.deleteService('metacrypt')).to.equal(true);
    for (const table of ['components', 'component_ports', 'component_volumes', 'component_cmd', 'component_env', 'events']) {
      const rows = await o.dataSource.query(`SELECT DISTINCT service FROM ${table}`);
      expect(rows, table).to.deep.equal([{ service: 'other' }]);
    }
  });

  it('leaves no rows of a replaced component behind', async () => {
    const o = await open();
    await o.registry.saveService(record);
    const web = { ...record.components[0]!, spec: { ...record.components[0]!.spec, name: 'web', ports: [], volumes: [], cmd: [], env: {} } };
    await o.registry.saveService({ ...record, components: [web] });
    for (const table of ['component_ports', 'component_volumes', 'component_cmd', 'component_env']) {
      expect(await count(o, table), table).to.equal(0);
    }
    expect(await o.dataSource.query('SELECT name FROM components')).to.deep.equal([{ name: 'web' }]);
  });

  it('rolls a saveService that fails half-way back as a whole', async () => {
    const o = await open();
    await o.registry.saveService(record);
    // The last table written refuses the row: service upsert and component rewrite must be undone.
    await o.dataSource.query(`CREATE TRIGGER refuse_boom BEFORE INSERT ON component_env WHEN NEW.key = 'BOOM' BEGIN SELECT RAISE(ABORT, 'boom refused'); END`);
    const broken: ServiceRecord = { ...record, node: 'elsewhere', components: [{ ...record.components[0]!, spec: { ...record.components[0]!.spec, cmd: ['new'], env: { BOOM: '1' } } }] };
    let err: unknown;
    await o.registry.saveService(broken).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(DomainError);
    expect((err as DomainError).code).to.equal(ErrorCode.Internal);
    expect((err as DomainError).message).to.contain(dbPath).and.contain('saveService').and.contain('boom refused');
    expect(await o.registry.getService('metacrypt')).to.deep.equal(record);
    // The queue and the connection are still usable after the failure.
    await o.registry.saveService({ ...record, node: 'after' });
    expect((await o.registry.getService('metacrypt'))!.node).to.equal('after');
  });

  it('rolls back a whole updateObserved batch when one update fails', async () => {
    const o = await open();
    await o.registry.saveService({ ...record, components: [record.components[0]!, { ...record.components[0]!, spec: { ...record.components[0]!.spec, name: 'db' } }] });
    await o.dataSource.query(`CREATE TRIGGER refuse_paused BEFORE UPDATE ON components WHEN NEW.observed = 'paused' BEGIN SELECT RAISE(ABORT, 'paused refused'); END`);
    let err: unknown;
    await o.registry
      .updateObserved([
        { service: 'metacrypt', component: 'api', observed: 'exited', at: new Date(9) },
        { service: 'metacrypt', component: 'db', observed: 'paused', at: new Date(9) },
      ])
      .catch((e: unknown) => (err = e));
    expect((err as DomainError).message).to.contain('paused refused');
    expect((await o.registry.getService('metacrypt'))!.components.map((c) => c.observed)).to.deep.equal(['running', 'running']);
  });

  it('enforces the (service, name) key and the foreign keys in the schema itself', async () => {
    const o = await open();
    await o.registry.saveService(record);
    const insert = `INSERT INTO components (service, name, position, image, restart, pull, desired, observed, version) VALUES (?, 'api', 1, 'i', 'no', 'always', 'running', 'unknown', '')`;
    let err: unknown;
    await o.dataSource.query(insert, ['metacrypt']).catch((e: unknown) => (err = e));
    expect(String(err)).to.contain('UNIQUE constraint failed');
    err = undefined;
    await o.dataSource.query(insert, ['no-such-service']).catch((e: unknown) => (err = e));
    expect(String(err)).to.contain('FOREIGN KEY constraint failed');
  });

  it('answers countEvents from the (service, component, at) index', async () => {
    const o = await open();
    const plan: Array<{ detail: string }> = await o.dataSource.query('EXPLAIN QUERY PLAN SELECT COUNT(*) FROM events WHERE service = ? AND component = ? AND at >= ?', ['s', 'c', 0]);
    expect(plan.map((p) => p.detail).join(' ')).to.contain('COVERING INDEX idx_events_service_component_at');
  });

  it('turns an unopenable path into a DomainError naming the file', async () => {
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'not a directory');
    const bad = join(blocker, 'mcp.db');
    let err: unknown;
    await openSqliteRegistry(bad).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(DomainError);
    expect((err as DomainError).code).to.equal(ErrorCode.Internal);
    expect((err as DomainError).message).to.contain(bad);
  });

  it('refuses a file that is not a SQLite database with a DomainError naming it', async () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'x'.repeat(4096));
    let err: unknown;
    await openSqliteRegistry(junk).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(DomainError);
    expect((err as DomainError).message).to.contain(junk);
  });
});
