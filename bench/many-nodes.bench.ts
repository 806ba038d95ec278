import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServiceSpec } from '../src/domain/service/service-spec';
import { ADMIN, startGrpcHarness } from '../test/integration/grpc/grpc-harness';
import { startHungListener } from '../test/support/net/hung-listener';
import { makeTestCerts } from '../test/support/tls/test-ca';
import { deployed, median } from './bench-stats';

const COUNTS = [1, 10, 50] as const;
const RUNS = 7;
const SERVICES = 4;
const COMPONENTS = 5; // 4 x 5 = 20 containers per agent
// The default: what an operator gets.
const NODE_TIMEOUT_MS = 5000;
const TARGETS: Readonly<Record<number, number>> = { 10: 1.5, 50: 3 };
const RSS_TARGET_MB = 150;
const MAIN = join(__dirname, '..', 'src', 'bootstrap', 'cli', 'main.js');
const USAGE = join(__dirname, 'cli-usage.preload.js');

type Harness = Awaited<ReturnType<typeof startGrpcHarness>>;

/** One agent (real gRPC server over TLS on 127.0.0.1, use cases on fakes) holding 20 running containers. */
async function agentWithContainers(certs: ReturnType<typeof makeTestCerts>): Promise<Harness> {
  const h = await startGrpcHarness({ certs });
  for (let s = 0; s < SERVICES; s++) {
    const components = Array.from({ length: COMPONENTS }, (_, c) => ({ name: `c${c}`, image: `reg.example/svc${s}-c${c}:v1.${s}.${c}` }));
    const spec = createServiceSpec({ name: `svc${s}`, node: 'rift', components }, 'bench');
    components.forEach((c) => h.runtime.published.add(c.image));
    await deployed(h.deploy.execute({ spec }));
  }
  return h;
}

/** Runs the real CLI (async: the agents answer from this process) and returns its wall time and peak RSS. */
function runCli(args: readonly string[], env: Readonly<Record<string, string>>, usageFile: string, expectCode = 0): Promise<{ ms: number; cpuMs: number; rssKb: number; errorRows: string[] }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', USAGE, MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_PATH: join(process.cwd(), 'node_modules'), MCP_BENCH_RSS_FILE: usageFile, ...env } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const errorRows = output.split('\n').filter((l) => / ERROR /.test(l));
      if (code !== expectCode && errorRows.length === 0) return reject(new Error(`mcp ${args.join(' ')} exited ${code}, not ${expectCode}:\n${output}`));
      const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRssKb: number; cpuMs: number };
      resolve({ ms, cpuMs: usage.cpuMs, rssKb: usage.maxRssKb, errorRows });
    });
  });
}

/**
 * `mcp ps` and `mcp list` against 1, 10 and 50 agents, each holding 20
 * containers, interleaved round by round so a busy moment of the machine
 * hurts every size alike; each size's median as a ratio to 1 agent. Then
 * 10 agents plus one that accepts TCP and never answers: what it adds,
 * against node_timeout. And the CLI's peak RSS at 50 agents.
 */
export async function benchManyNodes(): Promise<void> {
  const certs = makeTestCerts();
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bench-nodes-'));
  const agents: Harness[] = [];
  const hung = await startHungListener();
  try {
    for (let i = 0; i < Math.max(...COUNTS); i++) agents.push(await agentWithContainers(certs));
    const token = join(dir, 'token');
    writeFileSync(token, `${ADMIN}\n`, { mode: 0o600 });
    const config = (name: string, addresses: readonly string[]) => {
      const path = join(dir, `${name}.toml`);
      const nodes = addresses.map((a, i) => `[[nodes]]\nname = "n${i}"\naddress = "${a}"\n`).join('\n');
      writeFileSync(path, `[services]\ndir = "${join(dir, 'services')}"\n[auth]\ntoken_path = "${token}"\n[tls]\nca_cert = "${certs.caPath}"\n[cli]\nnode_timeout = "${NODE_TIMEOUT_MS}ms"\n\n${nodes}`);
      return path;
    };
    const address = (h: Harness) => `127.0.0.1:${h.port}`;
    const configs = new Map<number, string>(COUNTS.map((n) => [n, config(`n${n}`, agents.slice(0, n).map(address))]));
    const withHung = config('hung', [...agents.slice(0, 10).map(address), hung.address]);
    const env = (path: string) => ({ MCP_CONFIG: path, XDG_CACHE_HOME: join(dir, 'cache') });
    const usageFile = join(dir, 'usage.json');
    const times = new Map<string, number[]>();
    const add = (key: string, ms: number) => times.set(key, [...(times.get(key) ?? []), ms]);
    let peakRssKb = 0;
    // A live agent that missed node_timeout (a loaded machine): counted and shown, its run still timed.
    const timeouts: string[] = [];
    for (let round = -1; round < RUNS; round++) {
      for (const cmd of ['ps', 'list']) {
        for (const n of COUNTS) {
          const r = await runCli([cmd], env(configs.get(n)!), usageFile);
          if (r.errorRows.length) timeouts.push(`mcp ${cmd} at ${n} agents, round ${round}: ${r.errorRows.length} node(s) failed, e.g. ${r.errorRows[0]!.trim()}`);
          if (round < 0) continue; // warms the compile cache
          add(`${cmd}@${n}`, r.ms);
          add(`${cmd}@${n}:cpu`, r.cpuMs);
          if (n === 50) peakRssKb = Math.max(peakRssKb, r.rssKb);
        }
        // The hung node's error row makes exit 1 the right answer.
        const r = await runCli([cmd], env(withHung), usageFile, 1);
        if (round >= 0) add(`${cmd}@10+hung`, r.ms);
      }
    }
    for (const cmd of ['ps', 'list']) {
      const one = median(times.get(`${cmd}@1`)!);
      const parts = COUNTS.map((n) => {
        const m = median(times.get(`${cmd}@${n}`)!);
        const ratio = m / one;
        const target = TARGETS[n];
        return `${n}: ${m.toFixed(0)} ms = ${ratio.toFixed(2)}×${target ? ` (target ≤ ${target}×) ${ratio <= target ? 'OK' : 'OVER'}` : ''}`;
      });
      console.log(`mcp ${cmd}, 20 containers per agent, median of ${RUNS}: ${parts.join('; ')}`);
      // The CLI's own CPU time barely depends on what else the machine runs, unlike its wall time.
      const cpuOne = median(times.get(`${cmd}@1:cpu`)!);
      const cpu = COUNTS.map((n) => `${n}: ${median(times.get(`${cmd}@${n}:cpu`)!).toFixed(0)} ms = ${(median(times.get(`${cmd}@${n}:cpu`)!) / cpuOne).toFixed(2)}×`);
      console.log(`mcp ${cmd}, the CLI's CPU time (user + system), median of ${RUNS}: ${cpu.join('; ')}`);
      const added = median(times.get(`${cmd}@10+hung`)!) - median(times.get(`${cmd}@10`)!);
      console.log(`mcp ${cmd}, 10 agents + 1 hung: adds ${added.toFixed(0)} ms (target ≤ node_timeout ${NODE_TIMEOUT_MS} ms) ${added <= NODE_TIMEOUT_MS ? 'OK' : 'OVER'}`);
    }
    console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
    console.log(timeouts.length ? `live agents that missed node_timeout: ${timeouts.length} run(s) — ${timeouts.slice(0, 3).join(' | ')}` : 'no live agent missed node_timeout');
    const mb = peakRssKb / 1024;
    console.log(`mcp ps/list at 50 agents: peak RSS ${mb.toFixed(1)} MB (target ≤ ${RSS_TARGET_MB} MB) ${mb <= RSS_TARGET_MB ? 'OK' : 'OVER'}`);
  } finally {
    await hung.close();
    await Promise.all(agents.map((h) => h.close()));
    certs.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchManyNodes().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
