import { readdirSync, readFileSync } from 'node:fs';

/** A direct child of this process, as /proc shows it. */
export interface ChildInfo {
  readonly pid: number;
  readonly argv: readonly string[];
}

function parentOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[1]);
  } catch {
    return undefined;
  }
}

/** The live (not zombie) children of this process (or of `parent`), read from /proc: proof that nothing was left behind. */
export function childProcesses(parent: number = process.pid): ChildInfo[] {
  const out: ChildInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || parentOf(entry) !== parent) continue;
    try {
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (state.slice(state.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
      out.push({ pid: Number(entry), argv });
    } catch {
      // It ended while we looked: not left behind.
    }
  }
  return out;
}

/** Children (of this process, or of `parent`) running `<binary> <subcommand> ...` (e.g. podman logs). */
export function childrenRunning(binary: string, subcommand: string, parent?: number): ChildInfo[] {
  return childProcesses(parent).filter((c) => (c.argv[0] === binary || c.argv[0]?.endsWith(`/${binary}`)) && c.argv[1] === subcommand);
}
