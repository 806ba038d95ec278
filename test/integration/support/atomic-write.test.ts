import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replacementTarget, writeFileAtomic } from '../../../src/adapters/support/fs/atomic-write';

describe('writeFileAtomic on a real directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the file with exactly the mode asked for, whatever the umask, leaving nothing beside it', async () => {
    const path = join(dir, 'token');
    writeFileSync(path, 'old');
    const umask = process.umask(0o077);
    try {
      await writeFileAtomic(path, 'new\n', { mode: 0o644 });
    } finally {
      process.umask(umask);
    }
    expect(readFileSync(path, 'utf8')).to.equal('new\n');
    expect(statSync(path).mode & 0o7777).to.equal(0o644);
    expect(readdirSync(dir)).to.deep.equal(['token']);
  });

  it('leaves the old file whole and no temp file when a check before the rename refuses', async () => {
    const path = join(dir, 'svc.toml');
    writeFileSync(path, 'name = "a"\n');
    let opened = false;
    const failure = await writeFileAtomic(path, 'name = "b"\n', {
      mode: 0o600,
      opened: async () => {
        opened = true;
      },
      beforeRename: async () => {
        throw new Error('directory changed');
      },
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).to.equal('directory changed');
    expect(opened).to.equal(true);
    expect(readFileSync(path, 'utf8')).to.equal('name = "a"\n');
    expect(readdirSync(dir)).to.deep.equal(['svc.toml']);
  });

  it('names the file behind a symlink with its mode, and a new file with the default mode', async () => {
    const real = join(dir, 'real.toml');
    writeFileSync(real, 'x', { mode: 0o640 });
    symlinkSync(real, join(dir, 'link.toml'));
    expect(await replacementTarget(join(dir, 'link.toml'), 0o644)).to.deep.equal({ path: real, mode: 0o640 });
    expect(await replacementTarget(join(dir, 'absent.toml'), 0o600)).to.deep.equal({ path: join(dir, 'absent.toml'), mode: 0o600 });
  });
});
