import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenedSqliteRegistry, openSqliteRegistry } from '../../../src/adapters/registry/typeorm/sqlite-registry.factory';
import { snapshotDatabase } from '../../../src/adapters/registry/typeorm/sqlite-snapshot';
import { TypeormSecretStore } from '../../../src/adapters/registry/typeorm/typeorm-secret-store.adapter';
import { SecretCipher } from '../../../src/adapters/secrets/aes-gcm/secret-cipher';
import { loadSecretKey } from '../../../src/adapters/secrets/aes-gcm/secret-key-file';
import type { ServiceRecord } from '../../../src/domain/service/service-record';
import { createServiceSpec } from '../../../src/domain/service/service-spec';
import { FakeClock } from '../../fakes/fake-clock';
import { rejection } from '../../support/rejection';

const MARKER = `marker-${randomBytes(8).toString('hex')}`;

describe('secret key file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mcp-secret-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made 0600 on first use and read back the same afterwards', async () => {
    const path = join(dir, 'keys', 'secret.key');
    const key = await loadSecretKey(path);
    expect(key).to.have.length(32);
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    expect((await loadSecretKey(path)).equals(key)).to.equal(true);
  });
  it('refuses a key file others can read, naming it and the fix', async () => {
    const path = join(dir, 'secret.key');
    writeFileSync(path, `${'ab'.repeat(32)}\n`);
    chmodSync(path, 0o644);
    const e = await rejection(loadSecretKey(path));
    expect(e).to.have.property('code', 'CONFIG_INVALID');
    expect(e.message).to.contain(path).and.contain('644').and.contain('chmod 600');
  });
  it('refuses a key file that is not a key', async () => {
    const path = join(dir, 'secret.key');
    writeFileSync(path, 'short\n', { mode: 0o600 });
    expect((await rejection(loadSecretKey(path))).message).to.match(/expected 64 hex digits/);
  });
});

describe('SecretCipher', () => {
  const cipher = new SecretCipher(randomBytes(32));
  it('opens what it sealed, and the sealed form does not contain the value', () => {
    const sealed = cipher.seal(Buffer.from(MARKER), 'svc/db/v1');
    expect(sealed.includes(Buffer.from(MARKER))).to.equal(false);
    expect(cipher.open(sealed, 'svc/db/v1').toString()).to.equal(MARKER);
  });
  it('refuses a value moved to another secret or opened with another key', () => {
    const sealed = cipher.seal(Buffer.from(MARKER), 'svc/db/v1');
    expect(() => cipher.open(sealed, 'svc/other/v1')).to.throw(/cannot be decrypted/);
    expect(() => new SecretCipher(randomBytes(32)).open(sealed, 'svc/db/v1')).to.throw(/not the key it was stored with/);
  });
});

describe('TypeormSecretStore on a real SQLite registry', () => {
  let dir: string;
  let opened: OpenedSqliteRegistry;
  let store: TypeormSecretStore;
  const clock = new FakeClock('2026-02-03T04:05:06.000Z');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-secret-store-'));
    opened = await openSqliteRegistry(join(dir, 'mcp.db'));
    store = storeWithKeyAt(join(dir, 'secret.key'));
  });
  /** As the agent wires it: a missing key is made only while the registry holds no sealed value. */
  const storeWithKeyAt = (keyPath: string): TypeormSecretStore => {
    const made: TypeormSecretStore = new TypeormSecretStore(
      (op, task, tx) => opened.registry.exclusive(op, task, tx),
      async () => new SecretCipher(await loadSecretKey(keyPath, { sealedVersions: () => made.sealedVersions() })),
    );
    return made;
  };
  afterEach(async () => {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes no key until a secret is stored or read', async () => {
    expect(await store.list('svc')).to.deep.equal([]);
    expect(() => statSync(join(dir, 'secret.key'))).to.throw(/ENOENT/);
    await store.put('svc', 'k', Buffer.from('a'), 'x', clock.now());
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).to.equal(0o600);
  });

  it('a key file lost while the registry holds sealed values is not made again: the next agent refuses, saying to restore it', async () => {
    await store.put('svc', 'k', Buffer.from('a'), 'x', clock.now());
    await store.put('svc', 'k', Buffer.from('b'), 'x', clock.now());
    rmSync(join(dir, 'secret.key'));
    const restarted = storeWithKeyAt(join(dir, 'secret.key'));
    for (const attempt of [restarted.put('svc', 'other', Buffer.from('c'), 'x', clock.now()), restarted.read('svc', 'k')]) {
      const e = await rejection(attempt);
      expect(e.code).to.equal('CONFIG_INVALID');
      expect(e.message).to.equal(
        `secret_key_file ${join(dir, 'secret.key')} is missing, but the registry holds 2 secret version(s) sealed with a key: put the key back from its backup (RUNBOOK.md "Secrets"); a new key would leave them unreadable`,
      );
    }
    expect(() => statSync(join(dir, 'secret.key'))).to.throw(/ENOENT/);
    expect((await store.list('svc')).map((s) => s.version)).to.deep.equal([2]);
  });

  it('versions each set and reads the current or a kept version', async () => {
    const one = await store.put('svc', 'db-password', Buffer.from('one'), 'kyle', clock.now());
    const two = await store.put('svc', 'db-password', Buffer.from(MARKER), 'ana', clock.now());
    expect([one.version, two.version]).to.deep.equal([1, 2]);
    expect((await store.read('svc', 'db-password'))!.value.toString()).to.equal(MARKER);
    expect((await store.read('svc', 'db-password', 1))!.value.toString()).to.equal('one');
    expect(await store.list('svc')).to.deep.equal([{ service: 'svc', name: 'db-password', version: 2, size: MARKER.length, updatedAt: clock.now(), updatedBy: 'ana' }]);
    expect(await store.list('other')).to.deep.equal([]);
  });

  it('prunes versions nobody keeps, never the current one', async () => {
    for (const v of ['a', 'b', 'c']) await store.put('svc', 'k', Buffer.from(v), 'x', clock.now());
    await store.prune('svc', 'k', [1]);
    expect((await store.read('svc', 'k', 1))!.value.toString()).to.equal('a');
    expect(await store.read('svc', 'k', 2)).to.equal(undefined);
    expect((await store.read('svc', 'k'))!.version).to.equal(3);
  });

  it('removes the current version but keeps the ones revisions use; a new set continues the numbering', async () => {
    await store.put('svc', 'k', Buffer.from('a'), 'x', clock.now());
    await store.put('svc', 'k', Buffer.from('b'), 'x', clock.now());
    expect(await store.remove('svc', 'k', [1])).to.equal(true);
    expect(await store.read('svc', 'k')).to.equal(undefined);
    expect(await store.list('svc')).to.deep.equal([]);
    expect((await store.read('svc', 'k', 1))!.value.toString()).to.equal('a');
    expect(await store.read('svc', 'k', 2)).to.equal(undefined);
    expect(await store.remove('svc', 'k', [1])).to.equal(false);
    expect((await store.put('svc', 'k', Buffer.from('c'), 'x', clock.now())).version).to.equal(2);
  });

  it('keeps ciphertext only: neither the database nor a snapshot holds the value', async () => {
    await store.put('svc', 'db-password', Buffer.from(MARKER), 'kyle', clock.now());
    const snapshot = await snapshotDatabase(join(dir, 'mcp.db'), join(dir, 'backups'), clock);
    await opened.close();
    // No -wal after a clean close; the database and the snapshot must be there to be searched.
    const wal = `${join(dir, 'mcp.db')}-wal`;
    for (const file of [join(dir, 'mcp.db'), snapshot, ...(existsSync(wal) ? [wal] : [])]) {
      const bytes = readFileSync(file);
      expect(bytes.length, file).to.be.greaterThan(0);
      expect(bytes.includes(Buffer.from(MARKER)), file).to.equal(false);
    }
    opened = await openSqliteRegistry(join(dir, 'mcp.db'));
  });

  it('keeps a component spec\'s secret references across a save and a load', async () => {
    const spec = createServiceSpec(
      { name: 'svc', node: 'rift', components: [{ name: 'api', image: 'a', secrets: { DB: 'db-password' }, secretFiles: { '/run/k': 'tls' } }, { name: 'web', image: 'b' }] },
      'x',
    );
    const record: ServiceRecord = { ...spec, components: spec.components.map((c) => ({ spec: c, desired: 'running', observed: 'running', version: 'v1' })) };
    await opened.registry.saveService(record);
    expect((await opened.registry.getService('svc'))!.components.map((c) => c.spec)).to.deep.equal(spec.components);
  });
});
