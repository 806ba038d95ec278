import { type AgentUseCases, createAgentUseCases } from '../../../application/agent/agent-use-cases';
import { AuthorizeCallUseCase } from '../../../application/agent/authorize-call.use-case';
import { WatchEventsUseCase } from '../../../application/agent/events/watch-events.use-case';
import { StreamLogsUseCase } from '../../../application/agent/logs/stream-logs.use-case';
import { meteredDeploy } from '../../../application/agent/metered-deploy';
import { AGENT_SETTINGS } from '../../../application/agent/ports/agent-settings.port';
import { CONTAINER_EXEC } from '../../../application/agent/ports/container-exec.port';
import { CONTAINER_LOGS } from '../../../application/agent/ports/container-logs.port';
import { CONTAINER_RUNTIME } from '../../../application/agent/ports/container-runtime.port';
import { DEPLOY_JOURNAL } from '../../../application/agent/ports/deploy-journal.port';
import { SERVICE_FILE_STORE } from '../../../application/agent/ports/file-store.port';
import { HEALTH_PROBE } from '../../../application/agent/ports/health-probe.port';
import { METRICS } from '../../../application/agent/ports/metrics.port';
import { REGISTRY } from '../../../application/agent/ports/registry.port';
import { SECRET_STORE } from '../../../application/agent/ports/secret-store.port';
import { SLEEPER } from '../../../application/agent/ports/sleeper.port';
import { SERVICE_LOCK } from '../../../application/agent/support/keyed-lock';
import { CLOCK } from '../../../application/shared/ports/clock.port';
import { TOKEN_VALIDATOR } from '../../../application/shared/ports/identity.port';
import { AGENT } from '../agent-tokens';
import { containerModule } from '../wiring';

/**
 * The use cases behind the RPCs. createAgentUseCases is the one place they
 * are wired to each other (the tests build them the same way); the
 * container hands it the ports.
 */
export function useCasesModule() {
  return containerModule((bind) => {
    bind.factory(AGENT.UseCases, (get): AgentUseCases => {
      const useCases = createAgentUseCases({
        registry: get(REGISTRY),
        runtime: get(CONTAINER_RUNTIME),
        clock: get(CLOCK),
        files: get(SERVICE_FILE_STORE),
        settings: get(AGENT_SETTINGS),
        lock: get(SERVICE_LOCK),
        journal: get(DEPLOY_JOURNAL),
        logs: get(CONTAINER_LOGS),
        exec: get(CONTAINER_EXEC),
        probe: get(HEALTH_PROBE),
        sleeper: get(SLEEPER),
        secrets: get(SECRET_STORE),
      });
      return { ...useCases, deploy: meteredDeploy(useCases.deploy, get(METRICS), get(CLOCK)) };
    });
    bind.singleton(AGENT.Authorize, AuthorizeCallUseCase, TOKEN_VALIDATOR, AGENT_SETTINGS);
    bind.factory(AGENT.Observe, (get) => ({
      logs: new StreamLogsUseCase(get(REGISTRY), get(CONTAINER_LOGS), get(CONTAINER_RUNTIME)),
      events: new WatchEventsUseCase(get(REGISTRY), get(AGENT.EventFeed)),
    }));
  });
}
