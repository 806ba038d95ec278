import { KeyedLock } from '../src/application/agent/support/keyed-lock';
import 'reflect-metadata';
import type { MonitorSettings } from '../src/application/agent/ports/agent-settings.port';
import type { ContainerRuntime } from '../src/application/agent/ports/container-runtime.port';
import type { Logger } from '../src/application/shared/ports/logger.port';
import type { Registry } from '../src/application/agent/ports/registry.port';
import { MonitorTick } from '../src/application/agent/monitor/monitor-tick.use-case';
import { containerName } from '../src/domain/names/container-name';
import { FakeClock } from '../test/fakes/fake-clock';
import { FakeRegistry } from '../test/fakes/fake-registry';
import { FakeRuntime } from '../test/fakes/fake-runtime';
import { RecordingNotifier } from '../test/fakes/recording-notifier';

const SERVICES = 10;
const COMPONENTS_PER_SERVICE = 10;
const RUNS = 200;
const MONITOR: MonitorSettings = { intervalMs: 60_000, cooldownMs: 900_000, flapThreshold: 3, flapWindowMs: 600_000, retentionMs: 30 * 86_400_000 };

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Counts every call the monitor makes on the runtime, whatever the runtime is. */
function countingRuntime(inner: ContainerRuntime): { runtime: ContainerRuntime; calls: () => number } {
  let calls = 0;
  const runtime = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { runtime, calls: () => calls };
}

export interface MonitorBenchResult {
  readonly medianMs: number;
  readonly runtimeCallsPerTick: number;
}

/**
 * Times MonitorTick.run() against any registry and runtime already holding
 * the components to watch. The real-podman variant (20 real containers) calls
 * this with the podman runtime adapter and a SQLite registry; `between` may
 * change container states between ticks.
 */
export async function benchMonitorTickWith(
  label: string,
  registry: Registry,
  inner: ContainerRuntime,
  options: { runs?: number; between?: (run: number) => void | Promise<void> } = {},
): Promise<MonitorBenchResult> {
  const runs = options.runs ?? RUNS;
  const clock = new FakeClock();
  const { runtime, calls } = countingRuntime(inner);
  const tick = new MonitorTick(registry, runtime, new RecordingNotifier(), clock, quiet, { nodeName: 'bench', monitor: MONITOR }, new KeyedLock());
  await tick.run(); // settle: the first tick records whatever differs from the seed
  const times: number[] = [];
  const callsBefore = calls();
  for (let run = 0; run < runs; run++) {
    clock.advance(MONITOR.intervalMs);
    await options.between?.(run);
    const t0 = process.hrtime.bigint();
    const report = await tick.run();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!report.ok) throw new Error(`${label}: tick failed: ${report.error?.message}`);
  }
  const result = { medianMs: median(times), runtimeCallsPerTick: (calls() - callsBefore) / runs };
  console.log(`monitor tick ${label}: median ${result.medianMs.toFixed(3)} ms over ${runs} ticks, ${result.runtimeCallsPerTick} runtime call(s) per tick`);
  return result;
}

async function seededFakes(): Promise<{ registry: FakeRegistry; runtime: FakeRuntime; names: string[] }> {
  const registry = new FakeRegistry();
  const runtime = new FakeRuntime();
  const names: string[] = [];
  for (let s = 0; s < SERVICES; s++) {
    const service = `svc-${s}`;
    const components = Array.from({ length: COMPONENTS_PER_SERVICE }, (_, c) => ({
      spec: { name: `c${c}`, image: 'reg/x:v1', restart: 'unless-stopped', ports: [], volumes: [], cmd: [], env: {}, pull: 'always' as const },
      desired: 'running' as const,
      observed: 'running' as const,
      version: 'v1',
    }));
    await registry.saveService({ name: service, node: 'bench', active: true, components });
    for (const c of components) {
      const name = containerName(service, c.spec.name);
      runtime.addContainer({ name, image: 'reg/x:v1' }, 'running');
      names.push(name);
    }
  }
  return { registry, runtime, names };
}

/** One tick over 100 components on the in-memory fakes: a quiet node, then one where 10 containers change every tick. */
export async function benchMonitorTick(): Promise<void> {
  const quietNode = await seededFakes();
  const steady = await benchMonitorTickWith('100 components, fakes, nothing changes', quietNode.registry, quietNode.runtime);

  const busyNode = await seededFakes();
  const churn = await benchMonitorTickWith('100 components, fakes, 10 change per tick', busyNode.registry, busyNode.runtime, {
    between: (run) => {
      for (let i = 0; i < 10; i++) {
        const c = busyNode.runtime.containers.get(busyNode.names[(run * 10 + i) % busyNode.names.length]!)!;
        c.state = c.state === 'running' ? 'exited' : 'running';
      }
    },
  });

  for (const r of [steady, churn]) {
    if (r.runtimeCallsPerTick !== 1) throw new Error(`monitor tick made ${r.runtimeCallsPerTick} runtime calls per tick, expected exactly 1`);
  }
}

if (require.main === module) {
  benchMonitorTick().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
