import { readFileSync } from 'node:fs';

/**
 * True while the process exists and is not a zombie: a zombie holds no
 * files or ports, and its parent may never reap it, so `kill -0` would call
 * it alive for ever. Linux only (/proc), as podman and its conmon are.
 */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name, which may itself hold ") ".
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
