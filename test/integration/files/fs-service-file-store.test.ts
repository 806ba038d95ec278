import { expect } from 'chai';
import { promises as fsPromises, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { FsServiceFileStore } from '../../../src/adapters/files/fs/fs-service-file-store';
import { ErrorCode } from '../../../src/domain/errors/domain-error';
import { rejection } from '../../support/rejection';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('FsServiceFileStore on real directories', () => {
  let base: string;
  let root: string;
  let outside: string;
  let store: FsServiceFileStore;

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'mcp-files-'));
    root = join(base, 'srv');
    outside = join(base, 'outside');
    mkdirSync(root);
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret'), 'do not touch');
    store = new FsServiceFileStore({ servicesRoot: root, maxFileSize: 1024 });
  });
  afterEach(() => {
    sinon.restore();
    rmSync(base, { recursive: true, force: true });
  });

  const mode = (p: string) => statSync(p).mode & 0o7777;
  const outsideUntouched = () => {
    expect(readdirSync(outside)).to.deep.equal(['secret']);
    expect(readFileSync(join(outside, 'secret'), 'utf8')).to.equal('do not touch');
  };

  describe('write', () => {
    it('writes the content with the requested mode and returns the absolute path', async () => {
      const written = await store.write('metacrypt', 'metacrypt.toml', bytes('a = 1\n'), 0o600);
      expect(written).to.equal(join(root, 'metacrypt', 'metacrypt.toml'));
      expect(readFileSync(written, 'utf8')).to.equal('a = 1\n');
      expect(mode(written)).to.equal(0o600);
    });

    it('creates the service directory 0755 and the intermediate directories', async () => {
      const written = await store.write('metacrypt', 'conf/tls/ca.pem', bytes('pem'), 0o644);
      expect(readFileSync(written, 'utf8')).to.equal('pem');
      expect(mode(join(root, 'metacrypt'))).to.equal(0o755);
      expect(statSync(join(root, 'metacrypt', 'conf', 'tls')).isDirectory()).to.equal(true);
    });

    it('uses 0644 when no mode is given, drops file-type bits, and ignores the umask', async () => {
      const previous = process.umask(0o077);
      try {
        expect(mode(await store.write('svc', 'a', bytes('x'), 0))).to.equal(0o644);
        expect(mode(await store.write('svc', 'b', bytes('x'), 0o100755))).to.equal(0o755);
      } finally {
        process.umask(previous);
      }
    });

    it('overwrites atomically, leaving no temp file behind', async () => {
      await store.write('svc', 'dir/f.txt', bytes('old'), 0o644);
      await store.write('svc', 'dir/f.txt', bytes('new content'), 0o640);
      expect(readFileSync(join(root, 'svc', 'dir', 'f.txt'), 'utf8')).to.equal('new content');
      expect(mode(join(root, 'svc', 'dir', 'f.txt'))).to.equal(0o640);
      expect(readdirSync(join(root, 'svc', 'dir'))).to.deep.equal(['f.txt']);
    });

    it('leaves the old content and no temp file when the final rename fails', async () => {
      await store.write('svc', 'f.txt', bytes('old'), 0o644);
      sinon.stub(fsPromises, 'rename').rejects(Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' }));
      const err = await rejection(store.write('svc', 'f.txt', bytes('new'), 0o644));
      expect(err.code).to.equal(ErrorCode.Internal);
      expect(err.message).to.match(/cannot write f.txt/);
      sinon.restore();
      expect(readFileSync(join(root, 'svc', 'f.txt'), 'utf8')).to.equal('old');
      expect(readdirSync(join(root, 'svc'))).to.deep.equal(['f.txt']);
    });

    it('refuses to replace a directory', async () => {
      mkdirSync(join(root, 'svc', 'conf'), { recursive: true });
      writeFileSync(join(root, 'svc', 'conf', 'keep'), 'k');
      const err = await rejection(store.write('svc', 'conf', bytes('x'), 0o644));
      expect(err.code).to.equal(ErrorCode.InvalidPath);
      expect(err.message).to.match(/is a directory/);
      expect(readFileSync(join(root, 'svc', 'conf', 'keep'), 'utf8')).to.equal('k');
      expect(readdirSync(join(root, 'svc'))).to.deep.equal(['conf']);
    });

    it('refuses a path through a file', async () => {
      await store.write('svc', 'plain', bytes('x'), 0o644);
      const err = await rejection(store.write('svc', 'plain/below', bytes('x'), 0o644));
      expect(err.code).to.equal(ErrorCode.InvalidPath);
      expect(err.message).to.match(/plain is not a directory/);
    });

    it('refuses content over the size limit and writes nothing', async () => {
      const err = await rejection(store.write('svc', 'big.bin', new Uint8Array(1025), 0o644));
      expect(err.code).to.equal(ErrorCode.FileTooLarge);
      expect(err.message).to.match(/1025 bytes, over the 1024-byte limit/);
      expect(existsSync(join(root, 'svc'))).to.equal(false);
      await store.write('svc', 'ok.bin', new Uint8Array(1024), 0o644);
    });
  });

  describe('read', () => {
    it('returns the content and the mode', async () => {
      await store.write('svc', 'conf/app.toml', bytes('x = "y"\n'), 0o640);
      const file = await store.read('svc', 'conf/app.toml');
      expect(text(file.content)).to.equal('x = "y"\n');
      expect(file.mode).to.equal(0o640);
    });

    it('reads a file the operator put there, with its special bits', async () => {
      mkdirSync(join(root, 'svc'));
      writeFileSync(join(root, 'svc', 'run.sh'), '#!/bin/sh\n');
      chmodSync(join(root, 'svc', 'run.sh'), 0o4755);
      expect((await store.read('svc', './run.sh')).mode).to.equal(0o4755);
    });

    it('is FILE_NOT_FOUND for a missing file, directory or service', async () => {
      await store.write('svc', 'a/present', bytes('x'), 0o644);
      for (const [svc, p] of [['svc', 'absent'], ['svc', 'b/absent'], ['nosuch', 'absent']] as const) {
        const err = await rejection(store.read(svc, p));
        expect(err.code, `${svc}/${p}`).to.equal(ErrorCode.FileNotFound);
        expect(err.message).to.include('absent');
      }
    });

    it('refuses a directory', async () => {
      await store.write('svc', 'a/present', bytes('x'), 0o644);
      const err = await rejection(store.read('svc', 'a'));
      expect(err.code).to.equal(ErrorCode.InvalidPath);
      expect(err.message).to.match(/is a directory/);
    });

    it('refuses a file over the size limit', async () => {
      mkdirSync(join(root, 'svc'));
      writeFileSync(join(root, 'svc', 'big'), Buffer.alloc(2048));
      const err = await rejection(store.read('svc', 'big'));
      expect(err.code).to.equal(ErrorCode.FileTooLarge);
    });
  });

  describe('lexical checks', () => {
    for (const bad of ['../etc/passwd', 'a/../../etc/passwd', '/etc/passwd', 'a\0b', '..', '']) {
      it(`rejects ${JSON.stringify(bad)} for write and read`, async () => {
        expect((await rejection(store.write('svc', bad, bytes('x'), 0o644))).code).to.equal(ErrorCode.InvalidPath);
        expect((await rejection(store.read('svc', bad))).code).to.equal(ErrorCode.InvalidPath);
        expect(readdirSync(root)).to.deep.equal([]);
        outsideUntouched();
      });
    }

    it('rejects a service name that could be a path', async () => {
      for (const svc of ['..', '../outside', 'a/b', 'Svc', '']) {
        expect((await rejection(store.write(svc, 'f', bytes('x'), 0o644))).code, svc).to.equal(ErrorCode.InvalidName);
        expect((await rejection(store.read(svc, 'f'))).code, svc).to.equal(ErrorCode.InvalidName);
      }
      outsideUntouched();
    });

    it('rejects a negative or fractional mode', async () => {
      expect((await rejection(store.write('svc', 'f', bytes('x'), -1))).code).to.equal(ErrorCode.InvalidArgument);
      expect((await rejection(store.write('svc', 'f', bytes('x'), 1.5))).code).to.equal(ErrorCode.InvalidArgument);
    });
  });

  describe('symlinks', () => {
    beforeEach(() => mkdirSync(join(root, 'svc')));

    it('refuses a symlink inside the service directory that points to a file outside', async () => {
      symlinkSync(join(outside, 'secret'), join(root, 'svc', 'link'));
      const w = await rejection(store.write('svc', 'link', bytes('pwned'), 0o644));
      expect(w.code).to.equal(ErrorCode.InvalidPath);
      expect(w.message).to.match(/is a symlink/);
      expect((await rejection(store.read('svc', 'link'))).code).to.equal(ErrorCode.InvalidPath);
      outsideUntouched();
      expect(readdirSync(join(root, 'svc'))).to.deep.equal(['link']);
    });

    it('refuses a symlink to a file even when it stays inside', async () => {
      writeFileSync(join(root, 'svc', 'real'), 'r');
      symlinkSync('real', join(root, 'svc', 'alias'));
      expect((await rejection(store.write('svc', 'alias', bytes('x'), 0o644))).code).to.equal(ErrorCode.InvalidPath);
      expect((await rejection(store.read('svc', 'alias'))).code).to.equal(ErrorCode.InvalidPath);
      expect(readFileSync(join(root, 'svc', 'real'), 'utf8')).to.equal('r');
    });

    it('refuses a directory symlink that points outside, for write and read, creating nothing outside', async () => {
      symlinkSync(outside, join(root, 'svc', 'escape'));
      for (const p of ['escape/new-file', 'escape/secret', 'escape/deeper/new-file']) {
        const w = await rejection(store.write('svc', p, bytes('pwned'), 0o644));
        expect(w.code, p).to.equal(ErrorCode.InvalidPath);
        expect(w.message).to.match(/escape is a symlink that resolves outside the service directory/);
        expect((await rejection(store.read('svc', p))).code, p).to.equal(ErrorCode.InvalidPath);
      }
      outsideUntouched();
    });

    it('refuses a relative directory symlink that climbs out', async () => {
      mkdirSync(join(root, 'svc', 'conf'));
      symlinkSync('../../../outside', join(root, 'svc', 'conf', 'up'));
      expect((await rejection(store.write('svc', 'conf/up/x', bytes('x'), 0o644))).code).to.equal(ErrorCode.InvalidPath);
      expect((await rejection(store.read('svc', 'conf/up/secret'))).code).to.equal(ErrorCode.InvalidPath);
      outsideUntouched();
    });

    it('refuses a directory symlink into another service', async () => {
      mkdirSync(join(root, 'other'));
      writeFileSync(join(root, 'other', 'key'), 'other key');
      symlinkSync(join(root, 'other'), join(root, 'svc', 'neighbour'));
      expect((await rejection(store.read('svc', 'neighbour/key'))).code).to.equal(ErrorCode.InvalidPath);
      expect((await rejection(store.write('svc', 'neighbour/key', bytes('x'), 0o644))).code).to.equal(ErrorCode.InvalidPath);
      expect(readFileSync(join(root, 'other', 'key'), 'utf8')).to.equal('other key');
    });

    it('follows a directory symlink that stays inside the service directory', async () => {
      mkdirSync(join(root, 'svc', 'releases', 'v2'), { recursive: true });
      symlinkSync('releases/v2', join(root, 'svc', 'current'));
      await store.write('svc', 'current/app.toml', bytes('v2'), 0o644);
      expect(readFileSync(join(root, 'svc', 'releases', 'v2', 'app.toml'), 'utf8')).to.equal('v2');
      expect(text((await store.read('svc', 'current/app.toml')).content)).to.equal('v2');
    });

    it('refuses a dangling directory symlink', async () => {
      symlinkSync(join(base, 'nowhere'), join(root, 'svc', 'dangling'));
      expect((await rejection(store.write('svc', 'dangling/x', bytes('x'), 0o644))).code).to.equal(ErrorCode.InvalidPath);
      expect(existsSync(join(base, 'nowhere'))).to.equal(false);
    });
  });

  describe('a symlinked service directory', () => {
    it('is refused for write and read, and nothing is written outside', async () => {
      symlinkSync(outside, join(root, 'svc'));
      const w = await rejection(store.write('svc', 'new-file', bytes('pwned'), 0o644));
      expect(w.code).to.equal(ErrorCode.InvalidPath);
      expect(w.message).to.match(/service directory .* is a symlink/);
      expect((await rejection(store.write('svc', 'secret', bytes('pwned'), 0o644))).code).to.equal(ErrorCode.InvalidPath);
      expect((await rejection(store.read('svc', 'secret'))).code).to.equal(ErrorCode.InvalidPath);
      outsideUntouched();
    });
  });

  it('works when services_root itself is reached through a symlink', async () => {
    const linkedRoot = join(base, 'srv-link');
    symlinkSync(root, linkedRoot);
    const viaLink = new FsServiceFileStore({ servicesRoot: linkedRoot, maxFileSize: 1024 });
    const written = await viaLink.write('svc', 'f', bytes('ok'), 0o644);
    expect(written).to.equal(join(linkedRoot, 'svc', 'f'));
    expect(readFileSync(join(root, 'svc', 'f'), 'utf8')).to.equal('ok');
    expect(text((await viaLink.read('svc', 'f')).content)).to.equal('ok');
  });

  it('says which services_root is unusable', async () => {
    const broken = new FsServiceFileStore({ servicesRoot: join(base, 'missing-root') });
    const err = await rejection(broken.write('svc', 'f', bytes('x'), 0o644));
    expect(err.code).to.equal(ErrorCode.ConfigInvalid);
    expect(err.message).to.include(join(base, 'missing-root'));
  });
});
