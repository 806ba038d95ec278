import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenedSqliteRegistry, openSqliteRegistry } from '../../../src/adapters/registry/typeorm/sqlite-registry.factory';
import type { ServiceRecord } from '../../../src/domain/service/service-record';

const record = (image: string): ServiceRecord => ({
  name: 'web',
  node: 'rift',
  active: true,
  components: [{ spec: { name: 'api', image, restart: 'unless-stopped', ports: [], volumes: [], cmd: [], env: {}, pull: 'always' }, desired: 'running', observed: 'running', version: '' }],
});
const entry = { service: 'web', startedAt: new Date('2026-03-01T12:00:00Z'), components: [{ component: 'api', container: 'web-api', hadOld: true, wasRunning: true }] };

describe('deploy journal in the SQLite registry', () => {
  let dir: string;
  let db: OpenedSqliteRegistry;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-journal-'));
    db = await openSqliteRegistry(join(dir, 'mcp.db'));
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('survives closing and reopening the file (an agent crash)', async () => {
    await db.registry.begin(entry);
    await db.close();
    db = await openSqliteRegistry(join(dir, 'mcp.db'));
    expect(await db.registry.list()).to.deep.equal([{ ...entry, steps: {}, committed: false }]);
  });

  it('keeps each step as it is recorded, in order per component, across a reopen', async () => {
    await db.registry.begin({ ...entry, components: [...entry.components, { component: 'db', container: 'web-db', hadOld: false, wasRunning: false }] });
    await db.registry.record('web', 'api', 'stopped');
    await db.registry.record('web', 'api', 'renamed');
    await db.registry.record('web', 'db', 'ran');
    await db.registry.record('web', 'api', 'ran');
    await db.close();
    db = await openSqliteRegistry(join(dir, 'mcp.db'));
    expect((await db.registry.list())[0]!.steps).to.deep.equal({ api: ['stopped', 'renamed', 'ran'], db: ['ran'] });
  });

  it('commit saves the new record and marks the entry committed together; clear then forgets it', async () => {
    await db.registry.saveService(record('reg/api:v1'));
    await db.registry.begin(entry);
    await db.registry.record('web', 'api', 'stopped');
    await db.registry.commit('web', record('reg/api:v2'));
    expect(await db.registry.list()).to.deep.equal([{ ...entry, steps: { api: ['stopped'] }, committed: true }]);
    expect((await db.registry.getService('web'))!.components[0]!.spec.image).to.equal('reg/api:v2');
    await db.registry.clear('web');
    expect(await db.registry.list()).to.deep.equal([]);
  });

  it('a failed commit keeps both the old record and the entry', async () => {
    await db.registry.saveService(record('reg/api:v1'));
    await db.registry.begin(entry);
    const dup = { ...record('reg/api:v2'), components: [...record('x').components, ...record('y').components] };
    await db.registry.commit('web', dup).catch(() => undefined);
    expect((await db.registry.list()).map((e) => e.committed)).to.deep.equal([false]);
    expect((await db.registry.getService('web'))!.components[0]!.spec.image).to.equal('reg/api:v1');
  });

  it('clear forgets an entry; a second begin replaces the first, steps and all', async () => {
    await db.registry.begin(entry);
    await db.registry.record('web', 'api', 'stopped');
    await db.registry.begin({ ...entry, components: [] });
    expect((await db.registry.list())[0]).to.deep.include({ components: [], steps: {}, committed: false });
    await db.registry.clear('web');
    expect(await db.registry.list()).to.deep.equal([]);
  });
});
