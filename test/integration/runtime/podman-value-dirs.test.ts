import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepValueDirs, valueDirPrefix } from '../../../src/adapters/runtime/podman/value-dirs';

/** A real process that has exited: its pid names a dead agent. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

describe('secret value directories: the sweep at agent start (real files, real processes)', () => {
  let root: string;
  let live: ChildProcess | undefined;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mcp-value-dirs-'));
  });
  afterEach(() => {
    live?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  function dirOf(name: string): string {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, 'value'), 'v', { mode: 0o600 });
    return name;
  }

  it("names a directory after this agent's pid", () => {
    expect(`${valueDirPrefix('mcp-secret-')}x`).to.equal(`mcp-secret-p${process.pid}-x`);
  });

  it("removes what a dead agent and this process's pid left; keeps a live agent's, and every name it did not make", async () => {
    live = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const dead = dirOf(`mcp-secret-p${await deadPid()}-abc123`);
    const ours = dirOf(`${valueDirPrefix('mcp-secret-')}def456`);
    const living = dirOf(`mcp-secret-p${live.pid!}-ghi789`);
    const foreign = [dirOf('mcp-secret-ghi789'), dirOf('other-p1-x'), dirOf('mcp-secret-pNaN-x')];

    const removed = await sweepValueDirs(root, 'mcp-secret-');

    expect(removed.sort()).to.deep.equal([dead, ours].sort());
    expect(existsSync(join(root, dead))).to.equal(false);
    expect(existsSync(join(root, ours))).to.equal(false);
    for (const kept of [living, ...foreign]) expect(existsSync(join(root, kept)), kept).to.equal(true);
  });

  it('answers nothing when the root does not exist', async () => {
    expect(await sweepValueDirs(join(root, 'missing'), 'mcp-secret-')).to.deep.equal([]);
  });
});
