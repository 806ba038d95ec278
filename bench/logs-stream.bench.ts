import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type Dockerd, startDockerd } from '../test/support/docker/dockerd';
import { CLI_LAUNCHER, CLI_MAIN, type E2e, startE2e } from '../test/support/e2e/e2e-harness';
import { runAloneOnPodman, withPodmanBench } from './bench-podman';
import { EXTRA_CA, median } from './bench-stats';

const LINES = 300_000;
/** About 80 bytes a line, as in issue 22: 300,000 lines are ~24 MB. */
const FLOOD = ['/bin/sh', '-c', `seq 1 ${LINES} | sed 's/$/ 0123456789012345678901234567890123456789012345678901234567890123456789/'; trap 'exit 0' TERM; while :; do sleep 1; done`];
const FULL_RUNS = 5;
const TAIL_RUNS = 15;
/** Issue 22: a full read at ≥ 0.5× the engine's own speed, i.e. ≤ 2× its time. */
const FULL_TARGET = 2;
/** Issue 22: `-n 5` within 150 ms of the engine's `--tail 5`. */
const TAIL_SLACK_MS = 150;
const RSS_TARGET_MB = 64;

interface Timed {
  readonly ms: number;
  readonly bytes: number;
  /** The first 64 bytes of stdout. */
  readonly head: string;
}

/** Runs a command with stdout and stderr on pipes (as `| grep` would), counting bytes; rejects on a non-zero exit. */
function timeRead(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let head = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      if (head.length < 64) head += d.subarray(0, 64).toString();
      bytes += d.length;
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
      else resolve({ ms, bytes, head });
    });
  });
}

function rssMb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** Samples `pid`'s RSS while `work` runs; resolves with its peak above the RSS before. */
async function rssGrowth<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 10);
  try {
    const result = await work();
    return { result, growthMb: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

interface Engine {
  readonly label: string;
  readonly e2e: E2e;
  /** The engine's own `logs` command for a container, with extra flags. */
  readonly raw: (container: string, flags: readonly string[]) => string[];
  readonly rawEnv: NodeJS.ProcessEnv;
}

async function waitForFlood(engine: Engine, container: string): Promise<void> {
  const until = Date.now() + 180_000;
  while (!(await timeRead(engine.raw(container, ['--tail', '1']), engine.rawEnv).catch(() => undefined))?.head.startsWith(`${LINES} `)) {
    if (Date.now() > until) throw new Error(`bench: ${container} did not write its ${LINES} lines within 180 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function benchEngine(engine: Engine, service: string, image: string): Promise<void> {
  const { e2e } = engine;
  const container = `${service}-api`;
  e2e.writeService(service, `name = "${service}"\nnode = "rift"\n\n[[components]]\nname = "api"\nimage = "${image}"\nnetwork = "host"\ncmd = ${JSON.stringify(FLOOD)}\n`);
  const deployed = await e2e.runMcp(['deploy', service]);
  if (deployed.code !== 0) throw new Error(`bench: deploy failed: ${deployed.stderr}`);
  await waitForFlood(engine, container);
  const mcpEnv = { ...process.env, MCP_CONFIG: e2e.configPath, HOME: e2e.dir };
  // `mcp` as installed (the package's bin, the launcher); `node main.js` loads NODE_EXTRA_CA_CERTS at startup.
  const mcp = (args: readonly string[]) => [CLI_LAUNCHER, ...args];
  const direct = (args: readonly string[]) => [process.execPath, CLI_MAIN, ...args];
  // Warm-up: page cache, the CLI's compile cache.
  await timeRead(engine.raw(container, []), engine.rawEnv);
  await timeRead(mcp(['logs', service, '-n', '5']), mcpEnv);
  const full = { ours: [] as number[], raw: [] as number[], growth: [] as number[], bytes: 0, rawBytes: 0 };
  for (let i = 0; i < FULL_RUNS; i++) {
    const { result, growthMb } = await rssGrowth(e2e.agent.child.pid!, () => timeRead(mcp(['logs', service, '--since', '1h']), mcpEnv));
    full.ours.push(result.ms);
    full.growth.push(growthMb);
    full.bytes = result.bytes;
    const raw = await timeRead(engine.raw(container, []), engine.rawEnv);
    full.raw.push(raw.ms);
    full.rawBytes = raw.bytes;
  }
  if (full.bytes !== full.rawBytes) throw new Error(`bench: mcp logs printed ${full.bytes} bytes, ${engine.label} logs ${full.rawBytes}`);
  const extraCa = process.env[EXTRA_CA] !== undefined;
  const tail = { ours: [] as number[], raw: [] as number[], list: [] as number[], direct: [] as number[] };
  for (let i = 0; i < TAIL_RUNS; i++) {
    tail.ours.push((await timeRead(mcp(['logs', service, '-n', '5']), mcpEnv)).ms);
    tail.raw.push((await timeRead(engine.raw(container, ['--tail', '5']), engine.rawEnv)).ms);
    tail.list.push((await timeRead(mcp(['list']), mcpEnv)).ms);
    if (extraCa) tail.direct.push((await timeRead(direct(['logs', service, '-n', '5']), mcpEnv)).ms);
  }
  const fullRatio = median(full.ours) / median(full.raw);
  const speed = 1 / fullRatio;
  const mb = (full.bytes / 1024 / 1024).toFixed(1);
  console.log(
    `${engine.label}: mcp logs --since 1h, ${LINES} lines (${mb} MB), median of ${FULL_RUNS}: ours ${median(full.ours).toFixed(0)} ms vs ${engine.label} logs ${median(full.raw).toFixed(0)} ms` +
      ` = ${speed.toFixed(2)}× its speed (target ≥ ${(1 / FULL_TARGET).toFixed(1)}×) ${fullRatio <= FULL_TARGET ? 'OK' : 'OVER'}`,
  );
  const peak = Math.max(...full.growth);
  console.log(`${engine.label}: agent RSS growth while streaming ${mb} MB: peak +${peak.toFixed(1)} MB (target ≤ +${RSS_TARGET_MB} MB) ${peak <= RSS_TARGET_MB ? 'OK' : 'OVER'}`);
  const gap = median(tail.ours) - median(tail.raw);
  console.log(
    `${engine.label}: mcp logs -n 5, median of ${TAIL_RUNS}: ours ${median(tail.ours).toFixed(0)} ms vs ${engine.label} logs --tail 5 ${median(tail.raw).toFixed(0)} ms` +
      ` = +${gap.toFixed(0)} ms, ${(median(tail.ours) / median(tail.raw)).toFixed(2)}× (target ≤ +${TAIL_SLACK_MS} ms) ${gap <= TAIL_SLACK_MS ? 'OK' : 'OVER'}` +
      ` | mcp list (CLI start, TLS, one call) ${median(tail.list).toFixed(0)} ms`,
  );
  if (tail.direct.length > 0) {
    console.log(`${engine.label}: for comparison, node main.js logs -n 5 (Node loads ${EXTRA_CA} first): ${median(tail.direct).toFixed(0)} ms = +${(median(tail.direct) - median(tail.raw)).toFixed(0)} ms`);
  }
}

/**
 * Issue 22: `mcp logs` of a container that wrote 300,000 lines (~24 MB),
 * all of it and `-n 5`, each beside the engine's own `logs` on the same
 * container in the same run (turn about, so a noisy moment hurts both), for
 * podman and for an agent on dockerd; and the agent's RSS while it streams.
 * Every command writes to a pipe, as `mcp logs … | grep` does.
 */
export async function benchLogsStream(): Promise<void> {
  await withPodmanBench('logs', async ({ pod, prefix }) => {
    const onPodman = await startE2e({ podEnv: { ...pod.env } });
    try {
      const rawEnv = { ...process.env, ...pod.env };
      await benchEngine({ label: 'podman', e2e: onPodman, raw: (c, flags) => ['podman', 'logs', ...flags, '--', c], rawEnv }, `${prefix}-flood`, pod.images.app);
    } finally {
      await onPodman.cleanup();
    }
    let dockerd: Dockerd | undefined;
    let onDocker: E2e | undefined;
    try {
      dockerd = await startDockerd();
      const socket = dockerd.socketPath;
      onDocker = await startE2e({ podEnv: { MCP_AGENT_AGENT_CONTAINER_RUNTIME: 'docker', MCP_AGENT_AGENT_RUNTIME_SOCKET: socket } });
      await benchEngine({ label: 'docker', e2e: onDocker, raw: (c, flags) => ['docker', '--host', `unix://${socket}`, 'logs', ...flags, c], rawEnv: process.env }, `${prefix}-dflood`, pod.images.app);
    } finally {
      await onDocker?.cleanup();
      await dockerd?.stop();
    }
  });
}

if (require.main === module) runAloneOnPodman(benchLogsStream);
