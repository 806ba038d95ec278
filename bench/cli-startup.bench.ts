import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAgentProcess } from '../test/support/agent/agent-process';
import { compare, median } from './bench-stats';

const RUNS = 15;
const HELP_TARGET = 1.3;
const LIST_TARGET = 2.0;
// The CLI of the same build as this file (dist/ after `npm run build`).
const MAIN = join(__dirname, '..', 'src', 'bootstrap', 'cli', 'main.js');

function timeSpawn(args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): number {
  const env = { ...process.env, NODE_PATH: join(process.cwd(), 'node_modules'), ...extraEnv };
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

/**
 * `mcp --help` and `mcp list` (against a real local agent: TLS, SQLite) beside
 * bare `node -e 0`, interleaved in one run so a noisy moment hurts all alike.
 * --help must load no config, gRPC or validator; list loads only what it uses.
 */
export async function benchCliStartup(): Promise<void> {
  const agent = await startAgentProcess();
  try {
    const config = join(agent.dir, 'mcp.toml');
    const token = join(agent.dir, 'cli-token');
    writeFileSync(token, `${agent.adminToken}\n`, { mode: 0o600 });
    writeFileSync(config, `[services]\ndir = "${join(agent.dir, 'services')}"\n[auth]\ntoken_path = "${token}"\n[tls]\nca_cert = "${agent.certs.caPath}"\n[[nodes]]\nname = "rift"\naddress = "${agent.address}"\n`);
    const env = { MCP_CONFIG: config };
    const bare: number[] = [];
    const help: number[] = [];
    const list: number[] = [];
    for (let i = -1; i < RUNS; i++) {
      const b = timeSpawn(['-e', '0']);
      const h = timeSpawn([MAIN, '--help']);
      const l = timeSpawn([MAIN, 'list'], env);
      // The first round warms the file cache and the agent.
      if (i < 0) continue;
      bare.push(b);
      help.push(h);
      list.push(l);
    }
    compare(`mcp --help, median of ${RUNS}`, median(help), median(bare), HELP_TARGET);
    compare(`mcp list against a local agent, median of ${RUNS}`, median(list), median(bare), LIST_TARGET);
  } finally {
    await agent.cleanup();
  }
}

if (require.main === module) {
  benchCliStartup().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
