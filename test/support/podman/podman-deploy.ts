import { SystemClock } from '../../../src/adapters/clock/system/system-clock';
import { NetHealthProbe } from '../../../src/adapters/health/net/net-health-probe.adapter';
import type { TypeormRegistry } from '../../../src/adapters/registry/typeorm/typeorm-registry.adapter';
import { PodmanExec } from '../../../src/adapters/runtime/podman/podman-exec.adapter';
import { PodmanLogs } from '../../../src/adapters/runtime/podman/podman-logs.adapter';
import { TimerSleeper } from '../../../src/adapters/scheduler/interval/timer-sleeper.adapter';
import { DeployUseCase } from '../../../src/application/agent/deploy.use-case';
import { KeyedLock } from '../../../src/application/agent/support/keyed-lock';
import type { PodmanFixture } from './podman-fixture';

/** The agent's gated deploy on real podman and a real SQLite registry (also its journal), as the agent wires it. */
export function podmanDeploy(pod: PodmanFixture, registry: TypeormRegistry, options: { settleTimeMs: number; lock?: KeyedLock }): DeployUseCase {
  const env = { env: { ...pod.env } as Record<string, string> };
  return new DeployUseCase({
    registry,
    journal: registry,
    runtime: pod.runtime(),
    logs: new PodmanLogs(env),
    exec: new PodmanExec(env),
    probe: new NetHealthProbe(),
    clock: new SystemClock(),
    sleeper: new TimerSleeper(),
    lock: options.lock ?? new KeyedLock(),
    settings: { nodeName: 'rift', settleTimeMs: options.settleTimeMs },
  });
}
