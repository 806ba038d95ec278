import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { processAlive } from '../../support/process/process-alive';

/*
 * Why this exists (see docs/ARCHITECTURE.md "Orphaned conmon"): every podman
 * container has a `conmon` monitor process, started in its own session and
 * cgroup, that holds the container's reserved host ports open. podman 4.3's
 * `rm --force` of a container left in state "stopping" (by a `podman stop`
 * or `rm` that was killed, e.g. with the agent, before its SIGKILL step)
 * forgets the container without killing it: its conmon and its processes
 * live on, and the host port stays taken ("address already in use") by a
 * container no podman command can see any more.
 */

/** A conmon process, as its argv names the container it watches. */
export interface Conmon {
  readonly pid: number;
  /** The full container ID (`-c`). */
  readonly id: string;
  /** The container's name when it was started (`-n`), for messages. */
  readonly name?: string;
  /** The OCI runtime binary (`-r`). */
  readonly runtime: string;
  /** The OCI runtime's `--root`, when podman passed one. */
  readonly runtimeRoot?: string;
  /** podman's storage root, from the exit command (`--root`): tells whose conmon it is. */
  readonly storageRoot?: string;
}

function valueAfter(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Reads conmon's argv (`-c <id> -r <runtime> --runtime-arg ... --exit-command-arg ...`); undefined when it is not a container's conmon. */
export function parseConmonArgv(pid: number, argv: readonly string[]): Conmon | undefined {
  const id = valueAfter(argv, '-c') ?? valueAfter(argv, '--cid');
  const runtime = valueAfter(argv, '-r') ?? valueAfter(argv, '--runtime');
  if (id === undefined || runtime === undefined || !/^[0-9a-f]{64}$/.test(id)) return undefined;
  const runtimeArgs: string[] = [];
  const exitArgs: string[] = [];
  argv.forEach((a, i) => {
    if (a === '--runtime-arg' && argv[i + 1] !== undefined) runtimeArgs.push(argv[i + 1]!);
    if (a === '--exit-command-arg' && argv[i + 1] !== undefined) exitArgs.push(argv[i + 1]!);
  });
  const runtimeRoot = runtimeArgs.find((a) => a.startsWith('--root='))?.slice('--root='.length) ?? valueAfter(runtimeArgs, '--root');
  const storageRoot = valueAfter(exitArgs, '--root');
  const name = valueAfter(argv, '-n') ?? valueAfter(argv, '--name');
  return {
    pid,
    id,
    runtime,
    ...(name !== undefined ? { name } : {}),
    ...(runtimeRoot !== undefined ? { runtimeRoot } : {}),
    ...(storageRoot !== undefined ? { storageRoot } : {}),
  };
}

/** The conmon processes of this user on this host (from /proc; processes that end meanwhile are skipped). */
export function listConmons(uid: number): Conmon[] {
  const found: Conmon[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    // No procfs (not Linux): podman's conmon cannot be seen, nor reaped.
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'conmon') continue;
      if (statSync(`/proc/${entry}`).uid !== uid) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
      const conmon = parseConmonArgv(Number(entry), argv);
      if (conmon) found.push(conmon);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

const GONE_WITHIN_MS = 5000;

/**
 * Ends an orphan: the OCI runtime kills and deletes the container's
 * processes (a container that is already gone makes it fail: fine), then
 * conmon itself is killed, since its exit command (`podman container
 * cleanup`) has no container left to clean. Resolves once conmon no longer
 * holds anything; rejects when it would not go.
 */
export async function reapConmon(conmon: Conmon): Promise<void> {
  const rootArgs = conmon.runtimeRoot !== undefined ? [`--root=${conmon.runtimeRoot}`] : [];
  await new Promise<void>((resolve) => execFile(conmon.runtime, [...rootArgs, 'delete', '--force', conmon.id], { timeout: 30_000 }, () => resolve()));
  try {
    process.kill(conmon.pid, 'SIGKILL');
  } catch {
    // It ended by itself.
  }
  const until = Date.now() + GONE_WITHIN_MS;
  while (processAlive(conmon.pid)) {
    if (Date.now() > until) throw new Error(`conmon ${conmon.pid} of container ${conmon.id.slice(0, 12)} did not end after SIGKILL`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
