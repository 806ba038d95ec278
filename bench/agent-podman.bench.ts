import 'reflect-metadata';
import { DeployUseCase } from '../src/application/agent/deploy.use-case';
import { LiveCheckUseCase } from '../src/application/agent/live-check.use-case';
import { KeyedLock } from '../src/application/agent/support/keyed-lock';
import { containerName } from '../src/domain/names/container-name';
import { createServiceSpec } from '../src/domain/service/service-spec';
import { SystemClock } from '../src/adapters/clock/system/system-clock';
import { runAloneOnPodman, withPodmanBench } from './bench-podman';
import { compare, deployed, median, timeMs } from './bench-stats';
import { benchMonitorTickWith } from './monitor-tick.bench';
import { gatedDeployPorts } from './deploy-gate.bench';

const LIVE_CONTAINERS = 20;
const DEPLOY_COMPONENTS = 5;
const LIVE_RUNS = 15;
const DEPLOY_RUNS = 3;

/**
 * Our use cases on the real SQLite registry and real podman, side by side
 * with the raw podman commands doing the same work, in one run.
 */
export async function benchAgentOnPodman(): Promise<void> {
  await withPodmanBench('bench', async ({ pod, db, prefix }) => {
    const runtime = pod.runtime();
    const clock = new SystemClock();
    const lock = new KeyedLock();
    // settle_time 0: this measures the mechanics; the gate's own wait is benched in deploy-gate.bench.
    const settings = { nodeName: 'bench', settleTimeMs: 0 };
    const deploy = new DeployUseCase(gatedDeployPorts({ registry: db.registry, runtime, clock, lock, settings }));
    const liveCheck = new LiveCheckUseCase(db.registry, runtime, clock, settings);
    // LiveCheck over 20 containers vs one `podman ps -a --format json`.
    const fleet = createServiceSpec(
      { name: `${prefix}-fleet`, node: 'bench', components: Array.from({ length: LIVE_CONTAINERS }, (_, i) => ({ name: `c${i}`, image: pod.images.app, pull: 'missing' as const })) },
      'bench',
    );
    await deployed(deploy.execute({ spec: fleet }));
    await liveCheck.execute();
    const ours: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < LIVE_RUNS; i++) {
      ours.push(await timeMs(() => liveCheck.execute()));
      raw.push(await timeMs(() => pod.podman(['ps', '-a', '--format', 'json'])));
    }
    compare(`LiveCheck, ${LIVE_CONTAINERS} containers (median of ${LIVE_RUNS})`, median(ours), median(raw), 1.5);

    await benchMonitorTickWith(`${LIVE_CONTAINERS} real podman containers, SQLite`, db.registry, runtime, { runs: LIVE_RUNS });

    // Deploy of a 5-component service vs the raw pull/stop/rm/run sequence.
    const svc = createServiceSpec(
      { name: `${prefix}-svc`, node: 'bench', components: Array.from({ length: DEPLOY_COMPONENTS }, (_, i) => ({ name: `c${i}`, image: pod.images.app })) },
      'bench',
    );
    const rawNames = svc.components.map((c) => containerName(`${prefix}-raw`, c.name));
    // The same work our deploy does: one pull per distinct image, then per container stop, rm, run.
    const rawDeploy = async () => {
      await pod.podman(['pull', pod.images.app]);
      for (const name of rawNames) {
        await pod.podman(['stop', '--ignore', '-t', '2', name]);
        await pod.podman(['rm', '--force', '--ignore', name]);
        await pod.podman(['run', '-d', '--name', name, '--pull=never', pod.images.app]);
      }
    };
    await deployed(deploy.execute({ spec: svc }));
    await rawDeploy();
    const oursDeploy: number[] = [];
    const rawDeployTimes: number[] = [];
    for (let i = 0; i < DEPLOY_RUNS; i++) {
      oursDeploy.push(await timeMs(() => deployed(deploy.execute({ spec: svc }))));
      rawDeployTimes.push(await timeMs(rawDeploy));
    }
    compare(`Deploy, ${DEPLOY_COMPONENTS}-component service (median of ${DEPLOY_RUNS})`, median(oursDeploy), median(rawDeployTimes), 1.3);
  });
}

if (require.main === module) runAloneOnPodman(benchAgentOnPodman);
