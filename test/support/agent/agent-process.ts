import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcAgentGateway } from '../../../src/adapters/grpc/client/grpc-agent.gateway';
import { repoRoot } from '../repo-root';
import { type TestCerts, makeTestCerts } from '../tls/test-ca';

export const AGENT_MAIN = join(repoRoot, 'dist/src/bootstrap/agent/main.js');

export interface AgentProcessOptions {
  readonly nodeName?: string;
  /** Extra environment for the agent (CONTAINERS_CONF and friends for podman). */
  readonly env?: Readonly<Record<string, string>>;
  readonly monitorInterval?: string;
  readonly alertCommand?: readonly string[];
  /** Appended to [monitor]. */
  readonly monitorExtra?: string;
  readonly maxFileSize?: number;
  /** The whole [metrics] section (default: listen on a port the kernel picks, so agents never collide). */
  readonly metricsSection?: string;
  /** Validate tokens with this MCIAS instead of a tokens file (no tokens are issued then). */
  readonly mcias?: { readonly serverUrl: string; readonly caCertPath: string };
  /** Start on a config written earlier by writeAgentConfig (its files are then the caller's to remove). */
  readonly written?: WrittenAgentConfig;
  /** Run the agent in a process group of its own, so killGroup() can end it with its children. */
  readonly ownProcessGroup?: boolean;
}

export type WrittenAgentConfig = ReturnType<typeof writeAgentConfig>;

export interface RunningAgent {
  readonly dir: string;
  readonly configPath: string;
  readonly servicesRoot: string;
  readonly dbPath: string;
  readonly certs: TestCerts;
  readonly port: number;
  /** Where /metrics answers (undefined when metrics are off). */
  readonly metricsPort?: number;
  readonly address: string;
  readonly adminToken: string;
  readonly viewerToken: string;
  readonly child: ChildProcess;
  /** Every line the agent wrote to stderr so far (JSON log lines). */
  readonly logs: string[];
  /** SIGTERM and wait; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /**
   * SIGKILL to the agent's whole process group, its podman children
   * included, as systemd's KillMode=control-group does; waits for the agent
   * to be gone. Needs ownProcessGroup (conmon, in a session of its own, lives on).
   */
  killGroup(): Promise<void>;
  /** stop() if still running, then remove every file. */
  cleanup(): Promise<void>;
}

/**
 * A gateway to the agent as node `rift`, with the admin token and time
 * limits that fit real podman (a deploy may pull and wait out settle times).
 */
export function adminGateway(agent: Pick<RunningAgent, 'address' | 'certs' | 'adminToken'>): GrpcAgentGateway {
  return new GrpcAgentGateway({ name: 'rift', address: agent.address }, { caCert: agent.certs.ca, token: agent.adminToken, timeoutMs: 60000, mutationTimeoutMs: 170000, maxMessageBytes: 8 << 20 });
}

/** Runs an `mcp-agent` CLI subcommand against a config; returns stdout. */
export function agentCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): string {
  return execFileSync(process.execPath, [AGENT_MAIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

/** Writes a complete agent config (TLS, SQLite file, tokens file) into a fresh temp dir. */
export function writeAgentConfig(options: AgentProcessOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-agent-'));
  const certs = makeTestCerts();
  const node = options.nodeName ?? 'rift';
  const paths = {
    dir,
    certs,
    configPath: join(dir, 'mcp-agent.toml'),
    dbPath: join(dir, 'mcp.db'),
    servicesRoot: join(dir, 'srv'),
    tokensFile: join(dir, 'tokens'),
    backupDir: join(dir, 'backups'),
  };
  const identity = options.mcias
    ? `[mcias]\nserver_url = "${options.mcias.serverUrl}"\nca_cert = "${options.mcias.caCertPath}"\nservice_name = "mcp-agent"\n`
    : `[auth]\ntokens_file = "${paths.tokensFile}"\n`;
  const alert = options.alertCommand ? `alert_command = ${JSON.stringify(options.alertCommand)}\n` : '';
  writeFileSync(
    paths.configPath,
    `[server]
grpc_addr = "127.0.0.1:0"
tls_cert = "${certs.certPath}"
tls_key = "${certs.keyPath}"

[database]
path = "${paths.dbPath}"

${identity}
[agent]
node_name = "${node}"
services_root = "${paths.servicesRoot}"
backup_dir = "${paths.backupDir}"
${options.maxFileSize ? `max_file_size = ${options.maxFileSize}\n` : ''}
[monitor]
interval = "${options.monitorInterval ?? '60s'}"
${alert}${options.monitorExtra ?? ''}
[log]
level = "debug"

${options.metricsSection ?? '[metrics]\nlisten = "127.0.0.1:0"\n'}`,
  );
  if (options.mcias) return { ...paths, adminToken: '', viewerToken: '' };
  try {
    const adminToken = agentCli(['token', 'issue', '--user', 'kyle', '--role', 'admin', '--config', paths.configPath]).trim();
    const viewerToken = agentCli(['token', 'issue', '--user', 'vi', '--role', 'viewer', '--config', paths.configPath]).trim();
    return { ...paths, adminToken, viewerToken };
  } catch (e) {
    certs.cleanup();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Starts the real agent binary and waits until it logs the port it listens on. */
export async function startAgentProcess(options: AgentProcessOptions = {}): Promise<RunningAgent> {
  const written = options.written;
  return launchAgent(written ?? writeAgentConfig(options), options, written === undefined);
}

/**
 * Starts the agent again on the config, database and tokens of `previous`
 * (which must have exited, e.g. after a kill -9): what a systemd restart does.
 * Clean up the returned agent only; it owns the same files.
 */
export function restartAgentProcess(previous: RunningAgent, options: Pick<AgentProcessOptions, 'env' | 'ownProcessGroup'> = {}): Promise<RunningAgent> {
  return launchAgent(previous, options, true);
}

type AgentFiles = Pick<RunningAgent, 'dir' | 'configPath' | 'servicesRoot' | 'dbPath' | 'certs' | 'adminToken' | 'viewerToken'>;

/** `owned`: the agent's files go with it on cleanup (not when the caller wrote them). */
async function launchAgent(cfg: AgentFiles, options: Pick<AgentProcessOptions, 'env' | 'ownProcessGroup'>, owned: boolean): Promise<RunningAgent> {
  const removeFiles = () => {
    if (!owned) return;
    cfg.certs.cleanup();
    rmSync(cfg.dir, { recursive: true, force: true });
  };
  const child = spawn(process.execPath, [AGENT_MAIN, 'server', '--config', cfg.configPath], {
    env: { ...process.env, ...(options.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup === true,
  });
  const logs: string[] = [];
  let buffered = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let metricsPort: number | undefined;
  const started = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agent did not start:\n${logs.join('\n')}`)), 20000);
    child.stderr!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        logs.push(line);
        if (line.includes('"agent listening"')) {
          clearTimeout(timer);
          const fields = JSON.parse(line) as { port: number; metricsPort?: number };
          metricsPort = fields.metricsPort;
          resolve(fields.port);
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`agent exited with ${code} before listening:\n${logs.join('\n')}${buffered}`));
    });
  });
  let port: number;
  try {
    port = await started;
  } catch (e) {
    child.kill('SIGKILL');
    removeFiles();
    throw e;
  }
  let stopped: Promise<number | null> | undefined;
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!stopped) {
      child.kill(signal);
      stopped = exited;
    }
    return stopped;
  };
  return {
    dir: cfg.dir,
    configPath: cfg.configPath,
    servicesRoot: cfg.servicesRoot,
    dbPath: cfg.dbPath,
    certs: cfg.certs,
    adminToken: cfg.adminToken,
    viewerToken: cfg.viewerToken,
    port,
    ...(metricsPort !== undefined ? { metricsPort } : {}),
    address: `127.0.0.1:${port}`,
    child,
    logs,
    stop,
    async killGroup() {
      if (options.ownProcessGroup !== true) throw new Error('killGroup(): start the agent with ownProcessGroup');
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
      await stop('SIGKILL');
    },
    async cleanup() {
      if (child.exitCode === null && child.signalCode === null) await stop();
      removeFiles();
    },
  };
}
