import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgentProcess } from '../test/support/agent/agent-process';
import { CLI_LAUNCHER } from '../test/support/e2e/e2e-harness';
import { compare, EXTRA_CA, freshMachineEnv, median } from './bench-stats';

const RUNS = 15;
const HELP_TARGET = 1.3;
const LIST_TARGET = 2.0;

/** Spawns argv (a node command, or the launcher) and times it to its exit. */
function timeSpawn(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

/**
 * `mcp --help` and `mcp list` (against a real local agent: TLS, SQLite) beside
 * bare `node -e 0`, interleaved in one run so a noisy moment hurts all alike.
 * `mcp` is the command as installed (the launcher, which keeps
 * NODE_EXTRA_CA_CERTS from Node's startup), running the bundle with V8's
 * compiled code from the command's previous run; the first round, with an
 * empty cache, is what a command costs the first time after an install or
 * upgrade, and is printed apart. Bare node runs without NODE_EXTRA_CA_CERTS,
 * as on a fresh machine: with it, it would pay a parse mcp does not, and
 * flatter the ratio.
 */
export async function benchCliStartup(): Promise<void> {
  const agent = await startAgentProcess();
  const cacheHome = mkdtempSync(join(tmpdir(), 'mcp-bench-cache-'));
  try {
    const config = join(agent.dir, 'mcp.toml');
    const token = join(agent.dir, 'cli-token');
    writeFileSync(token, `${agent.adminToken}\n`, { mode: 0o600 });
    writeFileSync(config, `[services]\ndir = "${join(agent.dir, 'services')}"\n[auth]\ntoken_path = "${token}"\n[tls]\nca_cert = "${agent.certs.caPath}"\n[[nodes]]\nname = "rift"\naddress = "${agent.address}"\n`);
    const env: NodeJS.ProcessEnv = { ...process.env, MCP_CONFIG: config, XDG_CACHE_HOME: cacheHome };
    const bareEnv = freshMachineEnv(process.env) ?? process.env;
    const bare: number[] = [];
    const help: number[] = [];
    const list: number[] = [];
    for (let i = -1; i < RUNS; i++) {
      const b = timeSpawn([process.execPath, '-e', '0'], bareEnv);
      const h = timeSpawn([CLI_LAUNCHER, '--help'], env);
      const l = timeSpawn([CLI_LAUNCHER, 'list'], env);
      if (i < 0) {
        console.log(`first run (no compile cache yet): mcp --help ${h.toFixed(1)} ms, mcp list ${l.toFixed(1)} ms, bare node ${b.toFixed(1)} ms`);
        continue;
      }
      bare.push(b);
      help.push(h);
      list.push(l);
    }
    const how = process.env[EXTRA_CA] !== undefined ? ` (${EXTRA_CA} set; bare node without it)` : '';
    compare(`mcp --help, median of ${RUNS}${how}`, median(help), median(bare), HELP_TARGET);
    compare(`mcp list against a local agent, median of ${RUNS}${how}`, median(list), median(bare), LIST_TARGET);
  } finally {
    await agent.cleanup();
    rmSync(cacheHome, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchCliStartup().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
