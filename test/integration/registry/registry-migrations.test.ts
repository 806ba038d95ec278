import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { InitialSchema1767225600000 } from '../../../src/adapters/registry/typeorm/migrations/1767225600000-initial-schema.migration';
import { openSqliteRegistry } from '../../../src/adapters/registry/typeorm/sqlite-registry.factory';

/** A registry file as v1 of the agent left it: the first migration only, with a service and its history. */
async function makeV1Database(path: string): Promise<void> {
  const ds = new DataSource({ type: 'sqlite', database: path, migrations: [InitialSchema1767225600000], synchronize: false, logging: false });
  await ds.initialize();
  await ds.runMigrations();
  await ds.query(`INSERT INTO services (name, node, active) VALUES ('web', 'rift', 1)`);
  await ds.query(`INSERT INTO components (service, name, position, image, restart, pull, desired, observed) VALUES ('web', 'web', 0, 'reg/web:v1', 'unless-stopped', 'always', 'running', 'running')`);
  await ds.query(`INSERT INTO events (service, component, from_state, to_state, at) VALUES ('web', 'web', 'running', 'exited', 1000), ('web', 'web', 'exited', 'running', 2000)`);
  await ds.destroy();
}

describe('Registry migrations on a database made by v1', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-migrate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every service and event; old events become transitions that flapping still counts', async () => {
    const path = join(dir, 'mcp.db');
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
