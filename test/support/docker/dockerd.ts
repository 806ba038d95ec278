/*
 * A private dockerd for tests, started exactly as SPEC.md "Runtimes" says:
 *   dockerd --host unix://<tmp>/docker.sock --data-root <tmp> --exec-root <tmp>
 *           --pidfile <tmp>/docker.pid --iptables=false --bridge=none
 * Without a bridge it cannot publish ports: test with network "host" (or
 * none). It needs no more flags here: runc, cgroupfs and the default ulimits
 * work as they are. Images come from the podman fixture's local registry on
 * 127.0.0.1, which dockerd treats as insecure (plain HTTP) by default.
 * stop() stops it, unmounts what it left mounted under the temp dir (its
 * network namespace) and removes the dir.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stopChild } from '../podman/local-registry';
import { pingSocket } from '../podman/podman-service';

export interface Dockerd {
  readonly socketPath: string;
  readonly tmpDir: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Mount points under `dir`, deepest first (dockerd leaves its netns bind mount behind). */
function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((p) => p.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

function removeDir(dir: string): void {
  for (const m of mountsUnder(dir)) {
    try {
      execFileSync('umount', ['-l', m], { stdio: 'ignore' });
    } catch {
      // Already gone: nothing to unmount.
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

export async function startDockerd(): Promise<Dockerd> {
  // Short: a unix socket path must fit in 108 bytes.
  const tmpDir = mkdtempSync('/tmp/mcp-dockerd-');
  const socketPath = join(tmpDir, 'docker.sock');
  const child = spawn(
    'dockerd',
    [
      '--host',
      `unix://${socketPath}`,
      '--data-root',
      join(tmpDir, 'data'),
      '--exec-root',
      join(tmpDir, 'exec'),
      '--pidfile',
      join(tmpDir, 'docker.pid'),
      '--iptables=false',
      '--bridge=none',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const log: string[] = [];
  child.stderr?.on('data', (d: Buffer) => {
    log.push(...d.toString().split('\n').filter((l) => l !== ''));
    log.splice(0, Math.max(0, log.length - 30));
  });
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  const dockerd: Dockerd = {
    socketPath,
    tmpDir,
    process: child,
    stop: async () => {
      await stopChild(child, 30_000);
      removeDir(tmpDir);
    },
  };
  for (let i = 0; i < 600; i++) {
    if (spawnError) {
      removeDir(tmpDir);
      throw new Error(`cannot start dockerd (is the Debian package docker.io installed?): ${spawnError.message}`);
    }
    if (child.exitCode !== null) {
      removeDir(tmpDir);
      throw new Error(`dockerd exited with code ${child.exitCode}: ${log.slice(-5).join(' | ')}`);
    }
    if (existsSync(socketPath) && (await pingSocket(socketPath))) return dockerd;
    await new Promise((r) => setTimeout(r, 100));
  }
  await dockerd.stop();
  throw new Error(`dockerd did not answer on ${socketPath} within 60 s: ${log.slice(-5).join(' | ')}`);
}

/** Call inside a describe: a dockerd of its own for the suite, gone after it. */
export function useDockerd(): () => Dockerd {
  let d: Dockerd | undefined;
  before('start dockerd', async function () {
    this.timeout(90_000);
    d = await startDockerd();
  });
  after('stop dockerd', async function () {
    this.timeout(90_000);
    await d?.stop();
  });
  return () => {
    if (!d) throw new Error('useDockerd(): dockerd is not running (used outside a test?)');
    return d;
  };
}
