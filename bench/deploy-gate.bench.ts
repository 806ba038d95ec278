import 'reflect-metadata';
import type { DeployPorts } from '../src/application/agent/deploy.use-case';
import { DeployUseCase } from '../src/application/agent/deploy.use-case';
import type { ContainerExec } from '../src/application/agent/ports/container-exec.port';
import type { ContainerLogs } from '../src/application/agent/ports/container-logs.port';
import { KeyedLock } from '../src/application/agent/support/keyed-lock';
import { createServiceSpec, type ComponentInput } from '../src/domain/service/service-spec';
import { containerName, previousContainerName } from '../src/domain/names/container-name';
import type { TypeormRegistry } from '../src/adapters/registry/typeorm/typeorm-registry.adapter';
import { NetHealthProbe } from '../src/adapters/health/net/net-health-probe.adapter';
import { SystemClock } from '../src/adapters/clock/system/system-clock';
import { PodmanExec } from '../src/adapters/runtime/podman/podman-exec.adapter';
import { PodmanLogs } from '../src/adapters/runtime/podman/podman-logs.adapter';
import { freePort } from '../test/support/net/free-port';
import { runAloneOnPodman, withPodmanBench } from './bench-podman';
import { compare, deployed, median, timeMs } from './bench-stats';
import { TimerSleeper } from '../src/adapters/scheduler/interval/timer-sleeper.adapter';

/** No logs and no exec: benches that need them pass the runtime's own. */
const silent: ContainerLogs & ContainerExec = {
  logs: async function* () {
    // nothing to read
  },
  exec: async () => ({ exitCode: 0, output: '' }),
};

/** The ports of a gated deploy on the real registry (which is also its journal), real probes and real waiting. */
export function gatedDeployPorts(
  p: Pick<DeployPorts, 'runtime' | 'clock' | 'lock' | 'settings'> & { registry: TypeormRegistry } & Partial<Pick<DeployPorts, 'logs' | 'exec'>>,
): DeployPorts {
  return { ...p, journal: p.registry, logs: p.logs ?? silent, exec: p.exec ?? silent, probe: new NetHealthProbe(), sleeper: new TimerSleeper() };
}

const COMPONENTS = 3;
const SETTLE_MS = 1000;
const RUNS = 3;

async function status(url: string): Promise<number | undefined> {
  try {
    return (await fetch(url)).status;
  } catch {
    return undefined;
  }
}

/**
 * 1. A failed gate → the old container serving again (http GET answered).
 * 2. A healthy deploy against the raw podman sequence doing the same work
 *    (pull, then per container stop, rename, run, wait settle_time; rm the
 *    old ones), target ≤ 1.3× once the gate's own wait is taken out of both.
 */
export async function benchDeployGate(): Promise<void> {
  await withPodmanBench('bgate', async ({ pod, db, prefix }) => {
    const runtime = pod.runtime();
    const env = { env: { ...pod.env } as Record<string, string> };
    const deploy = new DeployUseCase(
      gatedDeployPorts({ registry: db.registry, runtime, clock: new SystemClock(), lock: new KeyedLock(), settings: { nodeName: 'bench', settleTimeMs: SETTLE_MS }, logs: new PodmanLogs(env), exec: new PodmanExec(env) }),
    );
    // 1. Failed gate → old serving again.
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const web = (image: string, cmd: string[]): ComponentInput => ({ name: 'web', image, pull: 'missing', network: 'host', cmd, health: { http: url, startPeriodMs: 20_000 } });
    const serving = ['/bin/sh', '-c', `mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 127.0.0.1:${port} -h /www`];
    const svc = (image: string, cmd: string[]) => createServiceSpec({ name: `${prefix}-rb`, node: 'bench', components: [web(image, cmd)] }, 'bench');
    await deployed(deploy.execute({ spec: svc(pod.images.app, serving) }));
    const restoreTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let failedAt = 0;
      const done = deploy.execute({ spec: svc(pod.images.appV2, ['/bin/sh', '-c', 'exit 1']) }, (s) => {
        if (s.step === 'failed' && failedAt === 0) failedAt = performance.now();
      });
      while (failedAt === 0) await new Promise((r) => setTimeout(r, 5));
      while ((await status(url)) !== 200) await new Promise((r) => setTimeout(r, 10));
      restoreTimes.push(performance.now() - failedAt);
      await done;
    }
    console.log(`Failed gate -> old container serving again (median of ${RUNS}): ${median(restoreTimes).toFixed(1)} ms`);

    // 2. Healthy deploy overhead.
    const spec = createServiceSpec(
      { name: `${prefix}-ok`, node: 'bench', components: Array.from({ length: COMPONENTS }, (_, i) => ({ name: `c${i}`, image: pod.images.app })) },
      'bench',
    );
    const raw = spec.components.map((c) => containerName(`${prefix}-raw`, c.name));
    const rawDeploy = async () => {
      await pod.podman(['pull', pod.images.app]);
      for (const name of raw) {
        await pod.podman(['stop', '--ignore', '-t', '2', name]);
        await pod.podman(['rename', name, previousContainerName(name)]).catch(() => undefined);
        await pod.podman(['run', '-d', '--name', name, '--pull=never', pod.images.app]);
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        await pod.podman(['container', 'inspect', name]);
      }
      for (const name of raw) await pod.podman(['rm', '--force', '--ignore', previousContainerName(name)]);
    };
    await deployed(deploy.execute({ spec }));
    await rawDeploy();
    const ours: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await timeMs(() => deployed(deploy.execute({ spec }))));
      rawTimes.push(await timeMs(rawDeploy));
    }
    const gateWait = COMPONENTS * SETTLE_MS;
    console.log(`Healthy deploy, ${COMPONENTS} components, settle_time ${SETTLE_MS} ms: ours ${median(ours).toFixed(1)} ms, raw ${median(rawTimes).toFixed(1)} ms`);
    compare(`Healthy deploy minus the gate's own wait (${gateWait} ms)`, median(ours) - gateWait, median(rawTimes) - gateWait, 1.3);
  });
}

if (require.main === module) runAloneOnPodman(benchDeployGate);
