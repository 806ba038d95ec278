import type { AgentConfig } from '../../../adapters/config/toml/config.types';
import { DEFAULT_DOCKER_SOCKET } from '../../../adapters/config/toml/agent-config.loader';
import { dockerAdapters } from '../../../adapters/runtime/docker/docker-adapters';
import { podmanAdapters } from '../../../adapters/runtime/podman/podman-adapters';
import { CONTAINER_EXEC, type ContainerExec } from '../../../application/agent/ports/container-exec.port';
import { CONTAINER_LOGS, type ContainerLogs } from '../../../application/agent/ports/container-logs.port';
import { CONTAINER_RUNTIME, type ContainerRuntime } from '../../../application/agent/ports/container-runtime.port';
import { RUNTIME_EVENTS, type RuntimeEvents } from '../../../application/agent/ports/runtime-events.port';
import { containerModule } from '../wiring';

/** The four runtime ports, as one engine implements them. */
export interface EngineAdapters {
  readonly runtime: ContainerRuntime;
  readonly logs: ContainerLogs;
  readonly exec: ContainerExec;
  readonly events: RuntimeEvents;
}

/** `[agent] container_runtime` picks the engine; tests may replace any of its ports. */
export function engineModule(config: AgentConfig, replaced: Partial<EngineAdapters>) {
  return containerModule((bind) => {
    const engine: EngineAdapters =
      config.agent.containerRuntime === 'docker' ? dockerAdapters({ socketPath: config.agent.runtimeSocket ?? DEFAULT_DOCKER_SOCKET }) : podmanAdapters();
    bind.constant(CONTAINER_RUNTIME, replaced.runtime ?? engine.runtime);
    bind.constant(CONTAINER_LOGS, replaced.logs ?? engine.logs);
    bind.constant(CONTAINER_EXEC, replaced.exec ?? engine.exec);
    bind.constant(RUNTIME_EVENTS, replaced.events ?? engine.events);
  });
}
