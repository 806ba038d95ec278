import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAgentProcess } from '../test/support/agent/agent-process';
import { compare, median } from './bench-stats';

const RUNS = 15;
const TARGET = 2.5;
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

/** `mcp --help` against bare `node -e 0`: the CLI must not load config, gRPC or the container to print help. */
export async function benchCliStartup(): Promise<void> {
  timeSpawn(['-e', '0']);
  timeSpawn([MAIN, '--help']);
  const bare: number[] = [];
  const help: number[] = [];
  // Interleaved, so a noisy moment hurts both sides alike.
  for (let i = 0; i < RUNS; i++) {
    bare.push(timeSpawn(['-e', '0']));
    help.push(timeSpawn([MAIN, '--help']));
  }
  compare(`mcp --help, median of ${RUNS}`, median(help), median(bare), TARGET);
  await benchCliList(median(bare));
}

/** `mcp list` against a real local agent (TLS, SQLite): what an operator waits for. Informational, no target. */
async function benchCliList(bareMs: number): Promise<void> {
  const agent = await startAgentProcess();
  try {
    const config = join(agent.dir, 'mcp.toml');
    const token = join(agent.dir, 'cli-token');
    writeFileSync(token, `${agent.adminToken}\n`, { mode: 0o600 });
    writeFileSync(config, `[services]\ndir = "${join(agent.dir, 'services')}"\n[auth]\ntoken_path = "${token}"\n[tls]\nca_cert = "${agent.certs.caPath}"\n[[nodes]]\nname = "rift"\naddress = "${agent.address}"\n`);
    const env = { MCP_CONFIG: config };
    timeSpawn([MAIN, 'list'], env);
    const list: number[] = [];
    for (let i = 0; i < RUNS; i++) list.push(timeSpawn([MAIN, 'list'], env));
    console.log(`mcp list against a local agent, median of ${RUNS}: ${median(list).toFixed(1)} ms = ${(median(list) / bareMs).toFixed(2)}× bare node (${bareMs.toFixed(1)} ms)`);
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
