import { type ChildProcess, spawn } from 'node:child_process';
import type { Logger } from '../../../application/shared/ports/logger.port';
import type { Notifier } from '../../../application/agent/ports/notifier.port';
import { messageOf } from '../../../domain/errors/domain-error';
import type { Alert } from '../../../domain/monitor/alert';
import { alertEnvironment, alertLogFields } from './alert-env';
import { BoundedOutput } from './bounded-output';

export const DEFAULT_ALERT_TIMEOUT_MS = 30_000;
const DEFAULT_KILL_GRACE_MS = 2_000;
const DEFAULT_MAX_OUTPUT_BYTES = 4_096;
// After the process exits, how long to wait for its pipes to close (a
// daemonised grandchild may hold them open forever).
const DRAIN_MS = 200;

export interface CommandNotifierOptions {
  /** `[monitor] alert_command`; undefined or empty = log the alert only. */
  readonly argv: readonly string[] | undefined;
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Between SIGTERM and SIGKILL once the time limit is reached. */
  readonly killGraceMs?: number;
  /** Per stream (stdout, stderr) kept for the log. */
  readonly maxOutputBytes?: number;
  /** Inherited environment; process.env by default. */
  readonly baseEnv?: NodeJS.ProcessEnv;
}

type Outcome =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null }
  | { kind: 'timeout' }
  | { kind: 'spawn-failed'; code?: string; message: string };

interface CommandResult {
  readonly outcome: Outcome;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the operator's alert command for each alert: argv directly (never a
 * shell), MCP_* variables in its environment, stdin closed, output kept
 * (bounded) for the log. It runs in its own process group so that the time
 * limit kills whatever the command started too. notify() never rejects: a
 * failed, hung or missing command is logged as an error. The caller waits at
 * most timeoutMs + killGraceMs (+ a short drain).
 */
export class CommandNotifier implements Notifier {
  private readonly argv: readonly string[] | undefined;
  private readonly killGraceMs: number;
  private readonly maxOutputBytes: number;

  constructor(private readonly options: CommandNotifierOptions) {
    this.argv = options.argv && options.argv.length > 0 ? [...options.argv] : undefined;
    this.killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    this.maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  }

  async notify(alert: Alert): Promise<void> {
    const { logger } = this.options;
    const fields = alertLogFields(alert);
    if (!this.argv) {
      logger.warn(`alert (no [monitor] alert_command configured, logged only): ${alert.message}`, fields);
      return;
    }
    logger.info(`alert: ${alert.message}`, fields);
    try {
      const result = await this.execute(this.argv, { ...(this.options.baseEnv ?? process.env), ...alertEnvironment(alert) });
      this.report(this.argv[0]!, result, fields);
    } catch (e) {
      // Only a bug can land here; the contract still says: report, never throw.
      logger.error(`alert command ${this.argv[0]} could not be run: ${messageOf(e)}`, fields);
    }
  }

  private report(command: string, result: CommandResult, fields: Record<string, string | number>): void {
    const { logger } = this.options;
    const output = { command, stdout: result.stdout, stderr: result.stderr };
    const o = result.outcome;
    switch (o.kind) {
      case 'exited':
        if (o.code === 0) {
          logger.info(`alert command ${command} finished`, { ...fields, ...output, exitCode: 0 });
        } else if (o.code !== null) {
          logger.error(`alert command ${command} failed with exit code ${o.code}${firstLine(result.stderr)}`, { ...fields, ...output, exitCode: o.code });
        } else {
          logger.error(`alert command ${command} was killed by ${o.signal ?? 'a signal'}`, { ...fields, ...output, signal: o.signal });
        }
        return;
      case 'timeout':
        logger.error(`alert command ${command} did not finish within ${this.options.timeoutMs} ms and was killed`, { ...fields, ...output, timeoutMs: this.options.timeoutMs });
        return;
      case 'spawn-failed':
        logger.error(`alert command ${command} could not be started: ${spawnHint(o.code, o.message)}; check [monitor] alert_command in the agent config`, {
          ...fields,
          ...output,
          ...(o.code ? { errorCode: o.code } : {}),
        });
        return;
    }
  }

  private execute(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
    const stdout = new BoundedOutput(this.maxOutputBytes);
    const stderr = new BoundedOutput(this.maxOutputBytes);
    return new Promise<CommandResult>((resolve) => {
      const timers: NodeJS.Timeout[] = [];
      let child: ChildProcess | undefined;
      let settled = false;
      let timedOut = false;
      const finish = (outcome: Outcome): void => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        // What is still attached to a process we gave up on must not keep the agent busy.
        child?.stdout?.destroy();
        child?.stderr?.destroy();
        child?.unref();
        resolve({ outcome: timedOut ? { kind: 'timeout' } : outcome, stdout: stdout.text(), stderr: stderr.text() });
      };
      const later = (ms: number, fn: () => void): void => {
        timers.push(setTimeout(fn, ms));
      };

      try {
        child = spawn(argv[0]!, argv.slice(1), { env, shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      } catch (e) {
        finish({ kind: 'spawn-failed', message: messageOf(e), ...codeOf(e) });
        return;
      }
      const started = child;
      started.stdout?.on('data', (d: Buffer) => stdout.push(d));
      started.stderr?.on('data', (d: Buffer) => stderr.push(d));
      started.on('error', (e) => finish({ kind: 'spawn-failed', message: e.message, ...codeOf(e) }));

      let exited: Outcome | undefined;
      started.on('exit', (code, signal) => {
        exited = { kind: 'exited', code, signal };
        later(DRAIN_MS, () => finish(exited!));
      });
      started.on('close', (code, signal) => finish(exited ?? { kind: 'exited', code, signal }));

      later(this.options.timeoutMs, () => {
        if (exited) return;
        timedOut = true;
        killGroup(started, 'SIGTERM');
        later(this.killGraceMs, () => killGroup(started, 'SIGKILL'));
        // SIGKILL cannot be refused; this is only the last word if even 'exit' never comes.
        later(this.killGraceMs + 1_000, () => finish({ kind: 'timeout' }));
      });
    });
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

function codeOf(e: unknown): { code?: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { code } : {};
}

function spawnHint(code: string | undefined, message: string): string {
  if (code === 'ENOENT') return 'no such file (is the path right and absolute?)';
  if (code === 'EACCES') return 'permission denied (is the file executable by the agent user?)';
  return message;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0]?.trim();
  return line ? `: ${line}` : '';
}
