import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { compare, median } from './bench-stats';

const RUNS = 15;
const TARGET = 2.5;
// The CLI of the same build as this file (dist/ after `npm run build`).
const MAIN = join(__dirname, '..', 'src', 'bootstrap', 'cli', 'main.js');

function timeSpawn(args: readonly string[]): number {
  const env = { ...process.env, NODE_PATH: join(process.cwd(), 'node_modules') };
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
}

if (require.main === module) {
  benchCliStartup().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
