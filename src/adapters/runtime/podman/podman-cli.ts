import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { PodmanFailure } from './podman-errors';

export interface PodmanCliOptions {
  /** The podman binary; a bare name is looked up on PATH. */
  readonly podmanPath?: string;
  /** Added to this process's environment for every podman call (e.g. CONTAINERS_CONF). */
  readonly env?: Readonly<Record<string, string>>;
  /** Upper bound for one podman call; pulls of big images are slow. */
  readonly commandTimeoutMs?: number;
}

export interface Outcome {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly failure?: PodmanFailure;
}

/** One line a long-running podman child printed, without its newline. */
export interface ChildLine {
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
}

/** How a long-running podman child ended. */
export interface ChildEnd {
  /** True when the caller's signal ended it (a normal end). */
  readonly aborted: boolean;
  readonly exitCode: number | null;
  /** The signal that ended it, when not the caller (e.g. SIGKILL from the OOM killer). */
  readonly signal?: string;
  readonly spawnCode?: string;
}

const MAX_BUFFER = 64 * 1024 * 1024;
/** Lines held for a slow consumer before the child's pipes are paused. */
const HIGH_WATER = 1000;
/** Time a child gets after SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 2000;

/** A long-running child that ended by itself with a failure, as the error mapper sees it. */
export function childFailure(end: ChildEnd, stderr: string): PodmanFailure {
  return {
    timedOut: false,
    stderr: stderr.trim() === '' && end.signal !== undefined ? `podman was killed by ${end.signal}` : stderr,
    ...(end.exitCode !== null ? { exitCode: end.exitCode } : {}),
    ...(end.spawnCode !== undefined ? { spawnCode: end.spawnCode } : {}),
  };
}

function spawnCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Ends a child and resolves once it is gone (SIGTERM, then SIGKILL after a grace). */
export function endChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    child.once('close', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The podman binary plus its environment: every podman adapter runs podman through this, argv only (never a shell). */
export class PodmanCli {
  readonly binary: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly timeoutMs: number;

  constructor(options: PodmanCliOptions = {}) {
    this.binary = options.podmanPath ?? 'podman';
    this.env = { ...process.env, ...(options.env ?? {}) };
    this.timeoutMs = options.commandTimeoutMs ?? 10 * 60 * 1000;
  }

  /** One podman call to its end, output buffered. */
  run(args: readonly string[], timeoutMs = this.timeoutMs): Promise<Outcome> {
    return new Promise((resolve) => {
      execFile(
        this.binary,
        [...args],
        { env: this.env, timeout: timeoutMs, maxBuffer: MAX_BUFFER, encoding: 'utf8', windowsHide: true },
        (error, stdout, stderr) => {
          if (!error) {
            resolve({ ok: true, stdout, stderr });
            return;
          }
          const code = (error as NodeJS.ErrnoException & { code?: unknown }).code;
          const failure: PodmanFailure = {
            timedOut: error.killed === true && error.signal !== null,
            stderr: typeof stderr === 'string' ? stderr : '',
            ...(typeof code === 'number' ? { exitCode: code } : {}),
            ...(typeof code === 'string' ? { spawnCode: code } : {}),
          };
          resolve({ ok: false, stdout: typeof stdout === 'string' ? stdout : '', stderr: failure.stderr, failure });
        },
      );
    });
  }

  /** Spawns podman with piped output, for callers that read it as it comes. */
  spawn(args: readonly string[]): ChildProcess {
    return spawn(this.binary, [...args], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  }

  /**
   * A long-running podman (logs --follow, events) as lines of stdout and
   * stderr, kept apart, in the order they arrive on each pipe. The generator
   * returns how the child ended. Aborting `signal`, or leaving the loop
   * early, ends the child; the generator finishes only once the child is
   * gone, so nothing is left behind. A caller that pulls with next() (to
   * read the returned end) must call return() when it stops early.
   */
  async *lines(args: readonly string[], signal?: AbortSignal): AsyncGenerator<ChildLine, ChildEnd, undefined> {
    if (signal?.aborted) return { aborted: true, exitCode: null };
    const child = this.spawn(args);
    const queue: ChildLine[] = [];
    let closed = false;
    let exitCode: number | null = null;
    let endSignal: string | undefined;
    let spawnCode: string | undefined;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const paused = (): boolean => queue.length >= HIGH_WATER;
    const readers = (['stdout', 'stderr'] as const).map((stream) => {
      const input = child[stream]!;
      const rl = createInterface({ input, crlfDelay: Infinity });
      rl.on('line', (line) => {
        queue.push({ stream, line });
        if (paused()) input.pause();
        notify();
      });
      return { input, rl };
    });
    child.once('error', (e) => {
      spawnCode = spawnCodeOf(e) ?? 'ESPAWN';
      // A spawn error is followed by 'close' only when stdio was set up: end here too.
      closed = true;
      notify();
    });
    child.once('close', (code, sig) => {
      exitCode = code;
      endSignal = sig ?? undefined;
      closed = true;
      notify();
    });
    // The reader may hold a line and pull no more: the child ends on abort, not on the next pull.
    const onAbort = (): void => {
      void endChild(child);
      notify();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        if (signal?.aborted) return { aborted: true, exitCode };
        const next = queue.shift();
        if (next) {
          if (!paused()) for (const r of readers) r.input.resume();
          yield next;
          continue;
        }
        if (closed) return { aborted: false, exitCode, ...(endSignal !== undefined ? { signal: endSignal } : {}), ...(spawnCode !== undefined ? { spawnCode } : {}) };
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      for (const r of readers) r.rl.close();
      await endChild(child);
    }
  }
}
