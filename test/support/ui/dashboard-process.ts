/*
 * `mcp ui` as an operator starts it: the built binary, a child process,
 * listening on a free loopback port; the URL (with its key) read from stdout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { CLI_MAIN } from '../e2e/e2e-harness';
import { repoRoot } from '../repo-root';
import { waitFor } from '../wait-for';

export interface RunningDashboardProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>/?key=…` */
  readonly url: string;
  readonly origin: string;
  readonly key: string;
  /** The session cookie as the browser sends it (its name carries the port). */
  readonly cookie: string;
  stderr(): string;
  stop(): Promise<void>;
}

export async function startDashboardProcess(options: { configPath: string; home: string; env?: Readonly<Record<string, string>>; args?: readonly string[] }): Promise<RunningDashboardProcess> {
  const child = spawn(process.execPath, [CLI_MAIN, 'ui', '--listen', '127.0.0.1:0', ...(options.args ?? [])], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: options.home, NODE_PATH: join(repoRoot, 'node_modules'), MCP_CONFIG: options.configPath, ...(options.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await waitFor('the URL `mcp ui` prints', 30_000, () => {
    if (child.exitCode !== null) throw new Error(`mcp ui exited ${child.exitCode}: ${err}`);
    return /(https?:\/\/\S+\?key=\S+)/.exec(out)?.[1];
  });
  const parsed = new URL(url);
  return {
    child,
    url,
    origin: parsed.origin,
    key: parsed.searchParams.get('key')!,
    cookie: `mcp_ui_key_${parsed.port}=${parsed.searchParams.get('key')!}`,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
