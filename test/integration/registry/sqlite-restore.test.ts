import { expect } from 'chai';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { openSqliteRegistry } from '../../../src/adapters/registry/typeorm/sqlite-registry.factory';
import { findCorruption, newestSnapshot } from '../../../src/adapters/registry/typeorm/sqlite-integrity';
import { restoreDatabase } from '../../../src/adapters/registry/typeorm/sqlite-restore';
import { snapshotDatabase } from '../../../src/adapters/registry/typeorm/sqlite-snapshot';
import { ErrorCode } from '../../../src/domain/errors/domain-error';
import type { ServiceRecord } from '../../../src/domain/service/service-record';
import { FakeClock } from '../../fakes/fake-clock';
import { clobberHeader, corruptServicesPage } from '../../support/registry/corrupt-registry';
import { rejection } from '../../support/rejection';

const record = (name: string, version: string): ServiceRecord => ({
  name,
  node: 'rift',
  active: true,
  components: [{ spec: { name: 'api', image: `reg/a:${version}`, restart: 'no', ports: [], volumes: [], cmd: [], env: {}, pull: 'always' }, desired: 'running', observed: 'running', version }],
});

async function withRegistry<T>(path: string, f: (r: Awaited<ReturnType<typeof openSqliteRegistry>>['registry']) => Promise<T>): Promise<T> {
  const db = await openSqliteRegistry(path);
  try {
    return await f(db.registry);
  } finally {
    await db.close();
  }
}

describe('registry integrity and restore (real SQLite files damaged on disk)', () => {
  let dir: string;
  let dbPath: string;
  let backupDir: string;
  let clock: FakeClock;
  let snapshot: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-restore-'));
    dbPath = join(dir, 'mcp.db');
    backupDir = join(dir, 'backups');
    clock = new FakeClock('2026-03-04T05:06:07Z');
    await withRegistry(dbPath, (r) => r.saveService(record('metacrypt', 'v1')));
    snapshot = await snapshotDatabase(dbPath, backupDir, clock);
    // Work done after the snapshot: lost by a restore, which is why a healthy registry needs --force.
    await withRegistry(dbPath, (r) => r.saveService(record('mcns', 'v2')));
    clock.advance(60_000);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('findCorruption', () => {
    it('says nothing about a healthy file', async () => {
      expect(await findCorruption(dbPath, 'quick_check', 'read-write')).to.equal(undefined);
      expect(await findCorruption(snapshot, 'integrity_check', 'read-only')).to.equal(undefined);
    });

    it('reports a damaged b-tree page that TypeORM still opens without complaint', async () => {
      await corruptServicesPage(dbPath);
      const opened = await openSqliteRegistry(dbPath);
      await opened.close();
      expect(await findCorruption(dbPath, 'quick_check', 'read-write')).to.match(/malformed|out of range|corrupt/i).and.not.include('\n');
    });

    it('reports a file that is not a database at all', async () => {
      clobberHeader(dbPath);
      expect(await findCorruption(dbPath, 'quick_check', 'read-write')).to.equal('SQLITE_NOTADB: file is not a database');
    });
  });

  it('turns SQLITE_CORRUPT at run time into REGISTRY_CORRUPT naming the file and the restore command', async () => {
    await corruptServicesPage(dbPath);
    const err = await withRegistry(dbPath, (r) => rejection(r.listServices()));
    expect(err.code).to.equal(ErrorCode.RegistryCorrupt);
    expect(err.message).to.include(`registry ${dbPath} is corrupt`).and.include('mcp-agent restore').and.not.include('\n');
  });

  it('finds the newest snapshot by its stamp, and none in a missing directory', async () => {
    const later = await snapshotDatabase(dbPath, backupDir, clock);
    writeFileSync(join(backupDir, 'notes.txt'), 'not a snapshot');
    expect(await newestSnapshot(backupDir)).to.equal(later);
    expect(await newestSnapshot(join(dir, 'nowhere'))).to.equal(undefined);
  });

  describe('restoreDatabase', () => {
    it('moves a corrupt database aside with its side files and installs a working copy of the snapshot', async () => {
      await corruptServicesPage(dbPath);
      const r = await restoreDatabase({ snapshot, dbPath, force: false }, clock);

      expect(r.problem).to.match(/quick_check|malformed/);
      expect(r.movedAside[0]).to.equal(`${dbPath}.before-restore-20260304T050707Z`);
      expect(r.movedAside.every((p) => p.startsWith(`${dbPath}.before-restore-20260304T050707Z`))).to.equal(true);
      expect(readdirSync(dir).filter((f) => f.startsWith('mcp.db-'))).to.deep.equal([]);
      expect(await findCorruption(r.movedAside[0]!, 'quick_check', 'read-only')).to.not.equal(undefined);
      expect(existsSync(snapshot)).to.equal(true);
      expect(readdirSync(dir).filter((f) => f.includes('.restore-'))).to.deep.equal([]);
      await withRegistry(dbPath, async (registry) => {
        expect((await registry.listServices()).map((s) => s.name)).to.deep.equal(['metacrypt']);
      });
    });

    it('keeps the mode of the database it replaces', async () => {
      clobberHeader(dbPath);
      chmodSync(dbPath, 0o600);
      await restoreDatabase({ snapshot, dbPath, force: false }, clock);
      expect(statSync(dbPath).mode & 0o777).to.equal(0o600);
    });

    it('installs the snapshot where no database is left', async () => {
      rmSync(dbPath);
      const r = await restoreDatabase({ snapshot, dbPath: join(dir, 'new', 'mcp.db'), force: false }, clock);
      expect([r.movedAside, r.problem]).to.deep.equal([[], undefined]);
      expect(await findCorruption(join(dir, 'new', 'mcp.db'), 'quick_check', 'read-write')).to.equal(undefined);
    });

    it('refuses to replace a healthy registry unless forced, then rolls back', async () => {
      const refused = await rejection(restoreDatabase({ snapshot, dbPath, force: false }, clock));
      expect(refused.code).to.equal(ErrorCode.InvalidArgument);
      expect(refused.message).to.include('passes quick_check').and.include('--force');
      await withRegistry(dbPath, async (registry) => expect(await registry.listServices()).to.have.length(2));

      await restoreDatabase({ snapshot, dbPath, force: true }, clock);
      await withRegistry(dbPath, async (registry) => expect((await registry.listServices()).map((s) => s.name)).to.deep.equal(['metacrypt']));
    });

    it('changes nothing when the snapshot is damaged, not a registry, missing, or the registry itself', async () => {
      clobberHeader(dbPath);
      const before = readdirSync(dir).sort();
      const cases: [string, string, RegExp][] = [];
      const damaged = join(dir, 'damaged.db');
      await withRegistry(damaged, (r) => r.saveService(record('x', 'v1')));
      await corruptServicesPage(damaged);
      cases.push([damaged, ErrorCode.RegistryCorrupt, /is not usable .*try an older snapshot/]);
      const foreign = join(dir, 'foreign.db');
      await new Promise<void>((resolve, reject) => {
        const db = new sqlite3.Database(foreign, (e) => (e ? reject(e) : db.exec('CREATE TABLE t (x)', (e2) => db.close(() => (e2 ? reject(e2) : resolve())))));
      });
      cases.push([foreign, ErrorCode.InvalidArgument, /not an MCP registry \(no migrations, services table\)/]);
      const text = join(dir, 'notes.txt');
      writeFileSync(text, 'hello');
      cases.push([text, ErrorCode.RegistryCorrupt, /not a database/]);
      cases.push([join(dir, 'missing.db'), ErrorCode.FileNotFound, /no such file/]);
      cases.push([dbPath, ErrorCode.InvalidArgument, /is the registry itself/]);
      const after = [...before, 'damaged.db', 'foreign.db', 'notes.txt'].sort();
      for (const [file, code, message] of cases) {
        const err = await rejection(restoreDatabase({ snapshot: file, dbPath, force: true }, clock));
        expect([err.code, err.message], file).to.satisfy(([c, m]: [string, string]) => c === code && message.test(m) && !m.includes('\n'));
        expect(readdirSync(dir).sort().filter((f) => !f.startsWith('damaged.db-') && !f.startsWith('foreign.db-') && !f.startsWith('notes.txt-'))).to.deep.equal(after);
      }
    });
  });
});
