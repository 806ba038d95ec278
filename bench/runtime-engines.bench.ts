import 'reflect-metadata';
import { SystemClock } from '../src/adapters/clock/system/system-clock';
import { dockerAdapters } from '../src/adapters/runtime/docker/docker-adapters';
import { DeployUseCase } from '../src/application/agent/deploy.use-case';
import { LiveCheckUseCase } from '../src/application/agent/live-check.use-case';
import { KeyedLock } from '../src/application/agent/support/keyed-lock';
import { createServiceSpec } from '../src/domain/service/service-spec';
import { runAloneOnPodman, withPodmanBench } from './bench-podman';
import { compare, deployed, median, timeMs } from './bench-stats';
import { gatedDeployPorts } from './deploy-gate.bench';

const CONTAINERS = 20;
const RUNS = 15;

/**
 * One fleet of 20 podman containers, checked three ways in one run, turn
 * about: LiveCheck through the podman CLI adapter, LiveCheck through the
 * docker adapter on podman's Docker-compatible socket (same containers), and
 * a bare `podman ps -a --format json` as the yardstick.
 */
export async function benchRuntimeEngines(): Promise<void> {
  await withPodmanBench('engines', async ({ pod, db, prefix }) => {
    const clock = new SystemClock();
    const settings = { nodeName: 'bench' };
    const viaCli = pod.runtime();
    const viaApi = dockerAdapters({ socketPath: pod.dockerHost.replace(/^unix:\/\//, '') }).runtime;
    const fleet = createServiceSpec(
      { name: `${prefix}-fleet`, node: 'bench', components: Array.from({ length: CONTAINERS }, (_, i) => ({ name: `c${i}`, image: pod.images.app, pull: 'missing' as const })) },
      'bench',
    );
    await deployed(new DeployUseCase(gatedDeployPorts({ registry: db.registry, runtime: viaCli, clock, lock: new KeyedLock(), settings })).execute({ spec: fleet }));
    const checkCli = new LiveCheckUseCase(db.registry, viaCli, clock, settings);
    const checkApi = new LiveCheckUseCase(db.registry, viaApi, clock, settings);
    // Warm-up: the API adapter reads each container's start time once.
    await checkCli.execute();
    await checkApi.execute();
    const cli: number[] = [];
    const api: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      cli.push(await timeMs(() => checkCli.execute()));
      api.push(await timeMs(() => checkApi.execute()));
      raw.push(await timeMs(() => pod.podman(['ps', '-a', '--format', 'json'])));
    }
    const what = `${CONTAINERS} containers (median of ${RUNS})`;
    compare(`LiveCheck via podman CLI, ${what}`, median(cli), median(raw), 1.5);
    compare(`LiveCheck via Docker API on podman's socket, ${what}`, median(api), median(raw), 1);
    console.log(`API path vs CLI path: ${(median(api) / median(cli)).toFixed(2)}×`);
  });
}

if (require.main === module) runAloneOnPodman(benchRuntimeEngines);
