import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { InitialSchema1767225600000 } from '../../../src/adapters/registry/typeorm/migrations/1767225600000-initial-schema.migration';
import { EventKinds1798761600000 } from '../../../src/adapters/registry/typeorm/migrations/1798761600000-event-kinds.migration';
import { HealthAndDeployJournal1798848000000 } from '../../../src/adapters/registry/typeorm/migrations/1798848000000-health-and-deploy-journal.migration';
import { Revisions1798934400000 } from '../../../src/adapters/registry/typeorm/migrations/1798934400000-revisions.migration';
import { DeployJournalSteps1799020800000 } from '../../../src/adapters/registry/typeorm/migrations/1799020800000-deploy-journal-steps.migration';
import { Secrets1799107200000 } from '../../../src/adapters/registry/typeorm/migrations/1799107200000-secrets.migration';
import { openSqliteRegistry } from '../../../src/adapters/registry/typeorm/sqlite-registry.factory';

/** A fresh `mcp.db` path in a temp dir of its own for each test, removed after it. */
function useDatabasePath(prefix: string): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(dir!, { recursive: true, force: true }));
  return () => join(dir!, 'mcp.db');
}

/** A registry file made by the given (earlier) migrations, holding what `statements` insert. */
async function makeDatabase(path: string, migrations: NonNullable<DataSourceOptions['migrations']>, statements: readonly string[]): Promise<void> {
  const ds = new DataSource({ type: 'sqlite', database: path, migrations, synchronize: false, logging: false });
  await ds.initialize();
  await ds.runMigrations();
  for (const sql of statements) await ds.query(sql);
  await ds.destroy();
}

/** A registry file as v1 of the agent left it: the first migration only, with a service and its history. */
const makeV1Database = (path: string): Promise<void> =>
  makeDatabase(path, [InitialSchema1767225600000], [
    `INSERT INTO services (name, node, active) VALUES ('web', 'rift', 1)`,
    `INSERT INTO components (service, name, position, image, restart, pull, desired, observed) VALUES ('web', 'web', 0, 'reg/web:v1', 'unless-stopped', 'always', 'running', 'running')`,
    `INSERT INTO events (service, component, from_state, to_state, at) VALUES ('web', 'web', 'running', 'exited', 1000), ('web', 'web', 'exited', 'running', 2000)`,
  ]);

describe('Registry migrations on a database made by v1', () => {
  const dbPath = useDatabasePath('mcp-migrate-');

  it('keeps every service and event; old events become transitions that flapping still counts', async () => {
    const path = dbPath();
    await makeV1Database(path);
    const o = await openSqliteRegistry(path);
    try {
      expect(o.ranMigrations).to.not.include('InitialSchema1767225600000');
      expect(o.ranMigrations).to.include('EventKinds1798761600000');
      expect((await o.registry.getService('web'))?.components.map((c) => c.spec.image)).to.deep.equal(['reg/web:v1']);
      const events = await o.registry.listEvents({ service: 'web' });
      expect(events.map((e) => e.kind)).to.deep.equal(['transition', 'transition']);
      expect(await o.registry.countEvents('web', 'web', new Date(0))).to.equal(2);
      await o.registry.addEvents([{ kind: 'health', service: 'web', component: 'web', from: 'starting', to: 'healthy', at: new Date(3000), output: 'ok' }]);
      expect(await o.registry.countEvents('web', 'web', new Date(0))).to.equal(2);
    } finally {
      await o.close();
    }
  });
});

/** A registry file as the agent left it before revisions: every earlier migration (v1, event kinds, health and journal), a service, its events. */
const makePreRevisionsDatabase = (path: string): Promise<void> =>
  makeDatabase(path, [InitialSchema1767225600000, EventKinds1798761600000, HealthAndDeployJournal1798848000000], [
    `INSERT INTO services (name, node, active) VALUES ('web', 'rift', 1)`,
    `INSERT INTO components (service, name, position, image, restart, pull, desired, observed, version) VALUES ('web', 'web', 0, 'reg/web:v1', 'unless-stopped', 'always', 'running', 'running', 'v1')`,
    `INSERT INTO events (service, component, from_state, to_state, at, kind, detail) VALUES ('web', 'web', 'running', 'exited', 1000, 'transition', '')`,
  ]);

describe('Registry migration to revisions, on a database made by the code before it', () => {
  const dbPath = useDatabasePath('mcp-migrate-rev-');

  it('keeps services and events; a service starts with an empty history and its next deploy is revision 1', async () => {
    const path = dbPath();
    await makePreRevisionsDatabase(path);
    const o = await openSqliteRegistry(path);
    try {
      expect(o.ranMigrations).to.include.members(['Revisions1798934400000', 'DeployJournalSteps1799020800000', 'Secrets1799107200000']);
      expect((await o.registry.getService('web'))?.components.map((c) => [c.spec.image, c.version])).to.deep.equal([['reg/web:v1', 'v1']]);
      expect((await o.registry.listEvents({ service: 'web' })).length).to.equal(1);
      expect(await o.registry.listRevisions('web')).to.deep.equal([]);
      const spec = { name: 'web', node: 'rift', active: true, components: [{ name: 'web', image: 'reg/web:v2', restart: 'unless-stopped', ports: [], volumes: [], cmd: [], env: {}, pull: 'always' as const }] };
      const stored = await o.registry.addRevision({ service: 'web', at: new Date(5000), by: 'kyle', result: 'deployed', note: '', spec, components: [{ name: 'web', image: 'reg/web:v2', imageId: 'abc' }] }, 10);
      expect(stored.number).to.equal(1);
    } finally {
      await o.close();
    }
    const again = await openSqliteRegistry(path);
    try {
      expect(again.ranMigrations).to.deep.equal([]);
      expect((await again.registry.listRevisions('web')).map((r) => r.number)).to.deep.equal([1]);
    } finally {
      await again.close();
    }
  });
});

describe('Registry migration to the step journal, on a database with an interrupted deploy', () => {
  const dbPath = useDatabasePath('mcp-migrate-steps-');

  it('keeps the entry, not committed, with a stopped step for each component that had a container (its undo trusts a .mcp-prev as before)', async () => {
    const path = dbPath();
    const detail = JSON.stringify([
      { component: 'api', container: 'web-api', hadOld: true, wasRunning: true },
      { component: 'db', container: 'web-db', hadOld: false, wasRunning: false },
    ]);
    await makeDatabase(path, [InitialSchema1767225600000, EventKinds1798761600000, HealthAndDeployJournal1798848000000, Revisions1798934400000], [
      `INSERT INTO deploy_journal (service, started_at, detail) VALUES ('web', 1000, '${detail}')`,
    ]);
    const o = await openSqliteRegistry(path);
    try {
      expect(o.ranMigrations).to.deep.equal(['DeployJournalSteps1799020800000', 'Secrets1799107200000', 'AdoptedComponents1799193600000']);
      expect(await o.registry.list()).to.deep.equal([{ service: 'web', startedAt: new Date(1000), components: JSON.parse(detail), steps: { api: ['stopped'] }, committed: false }]);
    } finally {
      await o.close();
    }
  });
});

describe('Registry migration to adopted marks, on a database made by the code before it', () => {
  const dbPath = useDatabasePath('mcp-migrate-adopted-');

  it('marks every component it finds adopted (a deploy replaces their unlabelled containers as before); one saved later is not', async () => {
    const path = dbPath();
    await makeDatabase(path, [InitialSchema1767225600000, EventKinds1798761600000, HealthAndDeployJournal1798848000000, Revisions1798934400000, DeployJournalSteps1799020800000, Secrets1799107200000], [
      `INSERT INTO services (name, node, active) VALUES ('web', 'rift', 1)`,
      `INSERT INTO components (service, name, position, image, restart, pull, desired, observed, version) VALUES ('web', 'web', 0, 'reg/web:v1', 'unless-stopped', 'always', 'running', 'running', 'v1')`,
    ]);
    const o = await openSqliteRegistry(path);
    try {
      expect(o.ranMigrations).to.deep.equal(['AdoptedComponents1799193600000']);
      const web = (await o.registry.getService('web'))!;
      expect(web.components.map((c) => c.adopted)).to.deep.equal([true]);
      await o.registry.saveService({ ...web, name: 'api', components: web.components.map(({ adopted: _a, ...c }) => c) });
      expect((await o.registry.getService('api'))!.components.map((c) => c.adopted)).to.deep.equal([undefined]);
    } finally {
      await o.close();
    }
  });
});
