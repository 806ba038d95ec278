import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../wait-for';

/*
 * A stand-in `podman` first on an agent's PATH, to stop the agent at an exact
 * step of a deploy without sleeps: every call goes to the real podman, except,
 * once the test has armed it, the first whose argv matches the crash point's pattern (a shell glob over
 * the space-joined argv), which writes a marker file and then
 * - `hold`: waits without running (the crash falls just before that call), or
 * - `mark`: runs it (the crash falls while it runs; the test waits for the
 *   state it wants, e.g. "stopping", then kills).
 * The waiting stand-in is in the agent's process group, so killing the group
 * ends it as systemd would.
 */
const SCRIPT = `#!/bin/sh
if [ -e "$MCP_CRASH_ARMED" ] && [ ! -e "$MCP_CRASH_MARKER" ]; then
  case "$*" in
    $MCP_CRASH_ARGV)
      echo "$*" > "$MCP_CRASH_MARKER.tmp" && mv "$MCP_CRASH_MARKER.tmp" "$MCP_CRASH_MARKER"
      if [ "$MCP_CRASH_MODE" = hold ]; then exec sleep 3600; fi
      ;;
  esac
fi
exec "$MCP_REAL_PODMAN" "$@"
`;

export interface CrashPoint {
  readonly mode: 'hold' | 'mark';
  /** A shell glob over podman's argv joined by spaces, e.g. `rename -- web web.mcp-prev`. */
  readonly argv: string;
}

export interface CrashPointPodman {
  /** Environment for the agent: PATH with the stand-in first, and the crash point. */
  readonly env: Readonly<Record<string, string>>;
  /** From now on the next matching call is the crash point (earlier ones, e.g. of a first deploy, pass). */
  arm(): void;
  /** Resolves with the argv of the matching call once the stand-in got it. */
  reached(timeoutMs?: number): Promise<string>;
  cleanup(): void;
}

export function crashPointPodman(dir: string, point: CrashPoint): CrashPointPodman {
  const bin = mkdtempSync(join(dir, 'crash-podman-'));
  const marker = join(bin, 'reached');
  const armed = join(bin, 'armed');
  writeFileSync(join(bin, 'podman'), SCRIPT);
  chmodSync(join(bin, 'podman'), 0o755);
  const real = execFileSync('sh', ['-c', 'command -v podman'], { encoding: 'utf8' }).trim();
  return {
    env: {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      MCP_REAL_PODMAN: real,
      MCP_CRASH_MARKER: marker,
      MCP_CRASH_ARMED: armed,
      MCP_CRASH_MODE: point.mode,
      MCP_CRASH_ARGV: point.argv,
    },
    arm: () => writeFileSync(armed, ''),
    reached: (timeoutMs = 90_000) =>
      waitFor(`podman ${point.argv}`, timeoutMs, () => (existsSync(marker) ? readFileSync(marker, 'utf8').trim() : undefined), 50),
    cleanup: () => rmSync(bin, { recursive: true, force: true }),
  };
}
