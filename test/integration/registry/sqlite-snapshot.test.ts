import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteRegistry } from '../../../src/adapters/registry/typeorm/sqlite-registry.factory';
import { snapshotDatabase, snapshotStamp } from '../../../src/adapters/registry/typeorm/sqlite-snapshot';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import type { ServiceRecord } from '../../../src/domain/service/service-record';
import { FakeClock } from '../../fakes/fake-clock';

const record: ServiceRecord = {
  name: 'svc',
  node: 'rift',
  active: true,
  components: [{ spec: { name: 'api', image: 'reg/a:v1', restart: 'no', ports: [], volumes: [], cmd: ['x'], env: {}, pull: 'always' }, desired: 'running', observed: 'running', version: 'v1' }],
};

describe('snapshotDatabase (VACUUM INTO) on a real SQLite file', () => {
  let dir: string;
  let dbPath: string;
  let backupDir: string;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock('2026-02-03T04:05:06.789Z');
    dir = mkdtempSync(join(tmpdir(), 'mcp-snapshot-'));
    dbPath = join(dir, 'mcp.db');
    backupDir = join(dir, 'backups', 'daily');
    const o = await openSqliteRegistry(dbPath);
    await o.registry.saveService(record);
    await o.registry.addEvents([{ kind: 'transition', service: 'svc', component: 'api', from: 'running', to: 'exited', at: new Date(1000) }]);
    await o.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('formats the stamp as UTC yyyymmddThhmmssZ', () => {
    expect(snapshotStamp(new Date('2026-12-31T23:59:58.999Z'))).to.equal('20261231T235958Z');
    expect(snapshotStamp(new Date('2026-01-02T03:04:05+02:00'))).to.equal('20260102T010405Z');
  });

  it('writes mcp-<stamp>.db into a new backup_dir: a database holding the same data', async () => {
    const path = await snapshotDatabase(dbPath, backupDir, clock);
    expect(path).to.equal(join(backupDir, 'mcp-20260203T040506Z.db'));
    expect(readdirSync(backupDir)).to.deep.equal(['mcp-20260203T040506Z.db']);
    const copy = await openSqliteRegistry(path);
    try {
      expect(copy.ranMigrations).to.deep.equal([]);
      expect(await copy.registry.getService('svc')).to.deep.equal(record);
      expect(await copy.registry.countEvents('svc', 'api', new Date(0))).to.equal(1);
    } finally {
      await copy.close();
    }
  });

  it('leaves the original as it was', async () => {
    await snapshotDatabase(dbPath, backupDir, clock);
    const o = await openSqliteRegistry(dbPath);
    try {
      expect(await o.registry.listServices()).to.deep.equal([record]);
      expect(await o.registry.listEvents({ service: 'svc' })).to.have.length(1);
    } finally {
      await o.close();
    }
  });

  it('works while the agent holds the database open and is writing', async () => {
    const live = await openSqliteRegistry(dbPath);
    try {
      const writes = Array.from({ length: 20 }, (_, i) => live.registry.saveService({ ...record, name: `svc-${i}` }));
      const path = await snapshotDatabase(dbPath, backupDir, clock);
      await Promise.all(writes);
      const copy = await openSqliteRegistry(path);
      try {
        expect((await copy.registry.getService('svc'))!.components[0]!.version).to.equal('v1');
      } finally {
        await copy.close();
      }
    } finally {
      await live.close();
    }
  });

  it('refuses to overwrite an existing snapshot, naming it', async () => {
    const first = await snapshotDatabase(dbPath, backupDir, clock);
    let err: unknown;
    await snapshotDatabase(dbPath, backupDir, clock).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(DomainError);
    expect((err as DomainError).code).to.equal(ErrorCode.InvalidArgument);
    expect((err as DomainError).message).to.contain(first).and.contain('refusing to overwrite');
    clock.advance(1000);
    expect(await snapshotDatabase(dbPath, backupDir, clock)).to.equal(join(backupDir, 'mcp-20260203T040507Z.db'));
  });

  it('refuses a database path that does not exist, and creates nothing', async () => {
    const missing = join(dir, 'nope', 'mcp.db');
    let err: unknown;
    await snapshotDatabase(missing, backupDir, clock).catch((e: unknown) => (err = e));
    expect((err as DomainError).code).to.equal(ErrorCode.FileNotFound);
    expect((err as DomainError).message).to.contain(missing);
    expect(existsSync(missing)).to.equal(false);
    expect(existsSync(backupDir)).to.equal(false);
  });
});
