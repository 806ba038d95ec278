import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { MAX_LINE, TextLines } from '../common/text-lines';
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

/** Lines a long-running podman child printed on one pipe, in order, each without its newline. */
export interface ChildLines {
  readonly stream: 'stdout' | 'stderr';
  readonly lines: readonly string[];
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
/** Output held for a slow consumer before the child's pipes are paused. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** Largest batch made of several reads: a quarter of what may wait, well below a gRPC message's limit. */
const RUN_BYTES = 256 * 1024;
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

/**
 * The first queued read together with the reads of the same pipe right
 * after it (up to RUN_BYTES): a reader slower than podman gets fewer,
 * bigger batches instead of one per pipe read (podman writes a line at a
 * time, so a read is often a handful of lines).
 */
function takeRun(queue: { batch: ChildLines; bytes: number }[]): { batch: ChildLines; bytes: number } | undefined {
  const first = queue[0];
  if (!first) return undefined;
  let n = 1;
  let bytes = first.bytes;
  while (n < queue.length && queue[n]!.batch.stream === first.batch.stream && bytes + queue[n]!.bytes <= RUN_BYTES) bytes += queue[n++]!.bytes;
  const taken = queue.splice(0, n);
  return n === 1 ? first : { batch: { stream: first.batch.stream, lines: taken.flatMap((q) => q.batch.lines) }, bytes };
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

  /**
   * One short podman call whose stdin is `stdin`, an open descriptor the
   * caller owns and may close once this returns (the child has its own).
   * Output is small (an ID, an error) and buffered whole.
   */
  runWithStdin(args: readonly string[], stdin: number, timeoutMs = this.timeoutMs): Promise<Outcome> {
    return new Promise((resolve) => {
      const child = spawn(this.binary, [...args], { env: this.env, stdio: [stdin, 'pipe', 'pipe'], windowsHide: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      const out = { stdout: '', stderr: '' };
      child.stdout!.setEncoding('utf8').on('data', (c: string) => (out.stdout += c));
      child.stderr!.setEncoding('utf8').on('data', (c: string) => (out.stderr += c));
      let spawnCode: string | undefined;
      child.once('error', (e: NodeJS.ErrnoException) => (spawnCode = e.code ?? 'ERROR'));
      child.once('close', (code) => {
        clearTimeout(timer);
        if (code === 0) return resolve({ ok: true, ...out });
        const failure: PodmanFailure = {
          timedOut,
          stderr: out.stderr,
          ...(code !== null ? { exitCode: code } : {}),
          ...(spawnCode !== undefined ? { spawnCode } : {}),
        };
        resolve({ ok: false, ...out, failure });
      });
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
    const batches = this.batches(args, signal);
    try {
      for (;;) {
        const next = await batches.next();
        if (next.done) return next.value;
        const { stream, lines } = next.value;
        for (const line of lines) yield { stream, line };
      }
    } finally {
      await batches.return({ aborted: true, exitCode: null });
    }
  }

  /**
   * lines(), a pipe read at a time: each item holds every line one read of
   * one pipe completed (a read is up to 64 KiB), so a flood of output costs
   * one await per read, not per line. Both pipes pause while more than
   * HIGH_WATER_BYTES wait for a slow reader, which then slows podman itself.
   */
  async *batches(args: readonly string[], signal?: AbortSignal, cutAt?: ConstructorParameters<typeof TextLines>[1]): AsyncGenerator<ChildLines, ChildEnd, undefined> {
    if (signal?.aborted) return { aborted: true, exitCode: null };
    const child = this.spawn(args);
    const queue: { batch: ChildLines; bytes: number }[] = [];
    let queuedBytes = 0;
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
    // Both pipes flow unless too much waits for the reader.
    const flow = (): void => {
      for (const i of inputs) {
        if (queuedBytes < HIGH_WATER_BYTES) i.resume();
        else i.pause();
      }
    };
    const inputs = (['stdout', 'stderr'] as const).map((stream) => {
      const input = child[stream]!;
      const text = new TextLines(MAX_LINE, cutAt);
      const add = (lines: string[], bytes: number): void => {
        if (lines.length === 0) return;
        queue.push({ batch: { stream, lines }, bytes });
        queuedBytes += bytes;
        flow();
        notify();
      };
      input.on('data', (chunk: Buffer) => add(text.push(chunk), chunk.length));
      input.once('end', () => add(text.end(), 0));
      return input;
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
    // The reader may hold a batch and pull no more: the child ends on abort, not on the next pull.
    const onAbort = (): void => {
      void endChild(child);
      notify();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        if (signal?.aborted) return { aborted: true, exitCode };
        const next = takeRun(queue);
        if (next) {
          queuedBytes -= next.bytes;
          flow();
          yield next.batch;
          continue;
        }
        if (closed) return { aborted: false, exitCode, ...(endSignal !== undefined ? { signal: endSignal } : {}), ...(spawnCode !== undefined ? { spawnCode } : {}) };
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // Unread output is dropped, so that the pipes reach their end and the child's 'close' comes.
      for (const i of inputs) i.removeAllListeners('data').resume();
      await endChild(child);
    }
  }
}
