import type { DeployPorts } from '../src/application/agent/deploy.use-case';
import type { ContainerExec } from '../src/application/agent/ports/container-exec.port';
import type { ContainerLogs } from '../src/application/agent/ports/container-logs.port';
import type { TypeormRegistry } from '../src/adapters/registry/typeorm/typeorm-registry.adapter';
import { NetHealthProbe } from '../src/adapters/health/net/net-health-probe.adapter';
import { TimerSleeper } from '../src/adapters/clock/system/timer-sleeper';

/** No logs and no exec: benches that need them pass the runtime's own. */
const silent: ContainerLogs & ContainerExec = {
  logs: async function* () {
    // nothing to read
  },
  exec: async () => ({ exitCode: 0, output: '' }),
};

/** The ports of a gated deploy on the real registry (which is also its journal), real probes and real waiting. */
export function gatedDeployPorts(p: Pick<DeployPorts, 'runtime' | 'clock' | 'lock' | 'settings'> & { registry: TypeormRegistry } & Partial<Pick<DeployPorts, 'logs' | 'exec'>>): DeployPorts {
  return {
    ...p,
    journal: p.registry,
    logs: p.logs ?? silent,
    exec: p.exec ?? silent,
    probe: new NetHealthProbe(),
    sleeper: new TimerSleeper(),
  };
}
