/*
 * End-to-end harness: the real `mcp` binary (a child process, argv, no shell)
 * against a real `mcp-agent server` (TLS gRPC on 127.0.0.1, SQLite file,
 * tokens file, real podman through the fixture's CONTAINERS_CONF).
 *
 * One agent per describe: useE2e() starts it in a before hook and removes
 * everything (agent, its temp dir, the CLI's temp dir) in an after hook.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningAgent, startAgentProcess } from '../agent/agent-process';
import { repoRoot } from '../repo-root';

export const CLI_MAIN = join(repoRoot, 'dist/src/bootstrap/cli/main.js');
/** `mcp` as installed: the package's bin, a launcher that runs CLI_MAIN (with the `node` on PATH). */
export const CLI_LAUNCHER = join(repoRoot, 'src/bootstrap/cli/mcp');

export interface McpResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunMcpOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string;
  /** Replaces the harness's config (MCP_CONFIG). */
  readonly config?: string;
  /** Working directory of the CLI (default: the harness's temp dir, never the repository). */
  readonly cwd?: string;
}

export interface E2e {
  readonly agent: RunningAgent;
  /** The CLI's temp dir: config, token, services dir live here. */
  readonly dir: string;
  readonly configPath: string;
  readonly servicesDir: string;
  readonly tokenPath: string;
  /** The node name the agent answers to (and the config's [[nodes]] entry). */
  readonly node: string;
  /** Runs `mcp <args>` with MCP_CONFIG set to the harness's config. */
  runMcp(args: readonly string[], options?: RunMcpOptions): Promise<McpResult>;
  /** Writes `<servicesDir>/<name>.toml`; returns its path. */
  writeService(name: string, text: string): string;
  cleanup(): Promise<void>;
}

/** Runs the CLI binary; never rejects on a non-zero exit (the code is the result). */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>>, input?: string, cwd?: string): Promise<McpResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [CLI_MAIN, ...args], { env: { ...env }, ...(cwd ? { cwd } : {}), timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`mcp ${args.join(' ')}: ${error.message}\n${stderr}`));
        return;
      }
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
    child.stdin!.end(input ?? '');
  });
}

export interface E2eOptions {
  /** Passed to the agent child (pod().env). */
  readonly podEnv: Readonly<Record<string, string>>;
  readonly nodeName?: string;
}

/** The CLI config the harness writes; exported so tests can write variants of it. */
export function cliConfigText(e: { servicesDir: string; tokenPath: string; caPath: string; nodes: readonly { name: string; address: string }[] }): string {
  const nodes = e.nodes.map((n) => `[[nodes]]\nname = "${n.name}"\naddress = "${n.address}"\n`).join('\n');
  return `# e2e CLI config: comments must survive node add/remove
[services]
dir = "${e.servicesDir}"

[auth]
token_path = "${e.tokenPath}"

[tls]
ca_cert = "${e.caPath}"

${nodes}`;
}

export async function startE2e(options: E2eOptions): Promise<E2e> {
  const node = options.nodeName ?? 'rift';
  const agent = await startAgentProcess({ nodeName: node, env: { ...options.podEnv } });
  const dir = mkdtempSync(join(tmpdir(), 'mcp-e2e-'));
  const servicesDir = join(dir, 'services');
  mkdirSync(servicesDir);
  const tokenPath = join(dir, 'token');
  writeFileSync(tokenPath, `${agent.adminToken}\n`, { mode: 0o600 });
  const configPath = join(dir, 'mcp.toml');
  writeFileSync(configPath, cliConfigText({ servicesDir, tokenPath, caPath: agent.certs.caPath, nodes: [{ name: node, address: agent.address }] }));
  // A clean environment: no MCP_* from the host, HOME inside the temp dir.
  const baseEnv: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, NODE_PATH: join(repoRoot, 'node_modules') };
  return {
    agent,
    dir,
    configPath,
    servicesDir,
    tokenPath,
    node,
    runMcp: (args, opts = {}) => runCli(args, { ...baseEnv, MCP_CONFIG: opts.config ?? configPath, ...(opts.env ?? {}) }, opts.input, opts.cwd ?? dir),
    writeService(name, text) {
      const path = join(servicesDir, `${name}.toml`);
      writeFileSync(path, text);
      return path;
    },
    async cleanup() {
      await agent.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Call inside a describe after usePodmanFixture(): one real agent + CLI config for the whole describe. */
export function useE2e(podEnv: () => Readonly<Record<string, string>>, nodeName?: string): () => E2e {
  let e2e: E2e | undefined;
  before('start agent + CLI config', async function () {
    this.timeout(60_000);
    e2e = await startE2e({ podEnv: podEnv(), ...(nodeName ? { nodeName } : {}) });
  });
  after('stop agent, remove temp dirs', async function () {
    this.timeout(60_000);
    await e2e?.cleanup();
  });
  return () => {
    if (!e2e) throw new Error('useE2e(): not started (used outside a test?)');
    return e2e;
  };
}

/** stderr must be exactly one line `mcp: …`, without a stack trace. */
export function oneLineError(r: McpResult): string {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  if (lines.length !== 1 || !lines[0]!.startsWith('mcp: ') || /\n\s+at /.test(r.stderr)) {
    throw new Error(`expected one error line on stderr, got (exit ${r.code}):\n${r.stderr}`);
  }
  return lines[0]!;
}
