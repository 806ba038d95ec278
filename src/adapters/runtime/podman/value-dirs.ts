import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from '../../support/process/process-alive';

/**
 * The directories a secret value passes through on its way to podman carry
 * the pid of the agent that made them (`<prefix>p<pid>-…`, this returns all
 * but the `…`). Several agents may share one host's /dev/shm (tests, or two
 * agents on two engines), so a sweep at start removes only what a dead
 * agent left, or a former process whose pid this one now has, never what a
 * live agent is still using.
 */
export function valueDirPrefix(prefix: string): string {
  return `${prefix}p${process.pid}-`;
}

function alive(pid: number): boolean {
  return pid !== process.pid && processAlive(pid);
}

/**
 * Removes the directories under `root` named `<prefix>p<pid>-…` whose agent
 * is gone; returns the names removed. Called before the agent serves, when
 * none of its own are in use.
 */
export async function sweepValueDirs(root: string, prefix: string): Promise<string[]> {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(`${prefix}p`)) continue;
    const pid = Number(/^p(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || alive(pid)) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
