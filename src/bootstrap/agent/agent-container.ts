import { readFileSync } from 'node:fs';
import { Container, ContainerModule, type interfaces } from 'inversify';
import type { AgentConfig } from '../../adapters/config/toml/config.types';
import { toAgentSettings } from '../../adapters/config/toml/agent-config.loader';
import { SystemClock } from '../../adapters/clock/system/system-clock';
import { FsServiceFileStore } from '../../adapters/files/fs/fs-service-file-store';
import { AgentGrpcServer } from '../../adapters/grpc/server/agent-grpc.server';
import { agentServiceHandlers } from '../../adapters/grpc/server/agent-service.handlers';
import { type AgentUseCases, createAgentUseCases } from '../../application/agent/agent-use-cases';
import { CachingTokenValidator } from '../../adapters/identity/cache/caching-token-validator';
import { MciasClient } from '../../adapters/identity/mcias/mcias-client';
import { TokensFileProvider } from '../../adapters/identity/tokens-file/tokens-file-provider';
import type { WinstonLogger } from '../../adapters/logger/winston/winston-logger';
import { CommandNotifier } from '../../adapters/notifier/command/command-notifier.adapter';
import { PodmanEvents } from '../../adapters/runtime/podman/podman-events.adapter';
import { PodmanExec } from '../../adapters/runtime/podman/podman-exec.adapter';
import { PodmanLogs } from '../../adapters/runtime/podman/podman-logs.adapter';
import { PodmanRuntime } from '../../adapters/runtime/podman/podman-runtime.adapter';
import { IntervalScheduler } from '../../adapters/scheduler/interval/interval-scheduler.adapter';
import { AGENT_SETTINGS, type AgentSettings } from '../../application/agent/ports/agent-settings.port';
import { CLOCK, type Clock } from '../../application/shared/ports/clock.port';
import { CONTAINER_RUNTIME, type ContainerRuntime } from '../../application/agent/ports/container-runtime.port';
import { CONTAINER_EXEC, type ContainerExec } from '../../application/agent/ports/container-exec.port';
import { CONTAINER_LOGS, type ContainerLogs } from '../../application/agent/ports/container-logs.port';
import { RUNTIME_EVENTS, type RuntimeEvents } from '../../application/agent/ports/runtime-events.port';
import { SERVICE_FILE_STORE, type ServiceFileStore } from '../../application/agent/ports/file-store.port';
import { TOKEN_VALIDATOR, type TokenValidator } from '../../application/shared/ports/identity.port';
import { LOGGER, type Logger } from '../../application/shared/ports/logger.port';
import { NOTIFIER, type Notifier } from '../../application/agent/ports/notifier.port';
import { REGISTRY, type Registry } from '../../application/agent/ports/registry.port';
import { SCHEDULER, type Scheduler } from '../../application/agent/ports/scheduler.port';
import { AuthorizeCallUseCase } from '../../application/agent/authorize-call.use-case';
import { MonitorLoop } from '../../application/agent/monitor/monitor-loop.use-case';
import { MonitorTick } from '../../application/agent/monitor/monitor-tick.use-case';
import { KeyedLock, SERVICE_LOCK } from '../../application/agent/support/keyed-lock';
import { AGENT } from './agent-tokens';
// ---- deploy (issue 11) ----
import { NetHealthProbe } from '../../adapters/health/net/net-health-probe.adapter';
import { TimerSleeper } from '../../adapters/clock/system/timer-sleeper';
import { DEPLOY_JOURNAL, type DeployJournal } from '../../application/agent/ports/deploy-journal.port';
import { HEALTH_PROBE, type HealthProbe } from '../../application/agent/ports/health-probe.port';
import { SLEEPER, type Sleeper } from '../../application/agent/ports/sleeper.port';
import { HealthMonitor } from '../../application/agent/health/health-monitor.use-case';
import { HealthMonitorLoop } from '../../application/agent/health/health-monitor-loop';

/** ---- deploy (issue 11): the health monitor, beside the monitor tick ---- */
export const HEALTH_MONITOR_LOOP = Symbol.for('mcp.agent.HealthMonitorLoop');

/** Room for a whole file plus the message's own framing. */
const MESSAGE_OVERHEAD_BYTES = 1024 * 1024;

export interface AgentParts {
  readonly registry: Registry;
  readonly logger: WinstonLogger;
  /** Replaces the podman adapter (tests, another engine). */
  readonly runtime?: ContainerRuntime;
  /** Where a deploy in progress leaves what a crash must undo (the SQLite registry). */
  readonly journal: DeployJournal;
  /** Replace the engine's logs, exec and event stream (tests). */
  readonly logs?: ContainerLogs;
  readonly exec?: ContainerExec;
  readonly events?: RuntimeEvents;
}

/** ---- runtime (issue 14): the container engine behind the four runtime ports ---- */
function runtimeModule(parts: AgentParts): ContainerModule {
  return new ContainerModule((bind: interfaces.Bind) => {
    bind<ContainerRuntime>(CONTAINER_RUNTIME).toConstantValue(parts.runtime ?? new PodmanRuntime());
    bind<ContainerLogs>(CONTAINER_LOGS).toConstantValue(parts.logs ?? new PodmanLogs());
    bind<ContainerExec>(CONTAINER_EXEC).toConstantValue(parts.exec ?? new PodmanExec());
    bind<RuntimeEvents>(RUNTIME_EVENTS).toConstantValue(parts.events ?? new PodmanEvents());
  });
}

/** The adapters behind every port, from the configuration. */
function adaptersModule(config: AgentConfig, parts: AgentParts): ContainerModule {
  return new ContainerModule((bind: interfaces.Bind) => {
    bind<AgentSettings>(AGENT_SETTINGS).toConstantValue(toAgentSettings(config));
    bind<Clock>(CLOCK).toConstantValue(new SystemClock());
    bind<Logger>(LOGGER).toConstantValue(parts.logger);
    bind<Logger>(AGENT.Audit).toConstantValue(parts.logger);
    bind<Registry>(REGISTRY).toConstantValue(parts.registry);
    bind<ServiceFileStore>(SERVICE_FILE_STORE).toConstantValue(
      new FsServiceFileStore({ servicesRoot: config.agent.servicesRoot, maxFileSize: config.agent.maxFileSize }),
    );
    bind<Notifier>(NOTIFIER).toDynamicValue(
      (ctx) =>
        new CommandNotifier({
          argv: config.monitor.alertCommand,
          timeoutMs: config.monitor.alertTimeoutMs,
          logger: ctx.container.get<Logger>(LOGGER),
        }),
    );
    // ---- deploy (issue 11) ----
    bind<DeployJournal>(DEPLOY_JOURNAL).toConstantValue(parts.journal);
    bind<HealthProbe>(HEALTH_PROBE).toConstantValue(new NetHealthProbe());
    bind<Sleeper>(SLEEPER).toConstantValue(new TimerSleeper());
    bind<Scheduler>(SCHEDULER).toDynamicValue((ctx) => new IntervalScheduler(ctx.container.get<Logger>(LOGGER)));
    bind<TokenValidator>(TOKEN_VALIDATOR)
      .toDynamicValue((ctx) => new CachingTokenValidator(identityFrom(config), ctx.container.get<Clock>(CLOCK)))
      .inSingletonScope();
  });
}

function identityFrom(config: AgentConfig): TokenValidator {
  const id = config.identity;
  if (id.kind === 'tokens-file') return new TokensFileProvider({ path: id.tokensFile });
  return new MciasClient({ serverUrl: id.serverUrl, serviceName: id.serviceName, ...(id.caCert ? { caCert: readFileSync(id.caCert) } : {}) });
}

/** Use cases, each built from ports only. */
function useCasesModule(): ContainerModule {
  return new ContainerModule((bind: interfaces.Bind) => {
    bind(SERVICE_LOCK).toConstantValue(new KeyedLock());
    bind<AgentUseCases>(AGENT.UseCases)
      .toDynamicValue(({ container: c }) =>
        createAgentUseCases({
          registry: c.get<Registry>(REGISTRY),
          runtime: c.get<ContainerRuntime>(CONTAINER_RUNTIME),
          clock: c.get<Clock>(CLOCK),
          files: c.get<ServiceFileStore>(SERVICE_FILE_STORE),
          settings: c.get<AgentSettings>(AGENT_SETTINGS),
          lock: c.get<KeyedLock>(SERVICE_LOCK),
          journal: c.get<DeployJournal>(DEPLOY_JOURNAL),
          logs: c.get<ContainerLogs>(CONTAINER_LOGS),
          exec: c.get<ContainerExec>(CONTAINER_EXEC),
          probe: c.get<HealthProbe>(HEALTH_PROBE),
          sleeper: c.get<Sleeper>(SLEEPER),
        }),
      )
      .inSingletonScope();
    bind(AGENT.Authorize)
      .toDynamicValue(({ container: c }) => new AuthorizeCallUseCase(c.get<TokenValidator>(TOKEN_VALIDATOR)))
      .inSingletonScope();
    // ---- deploy (issue 11) ----
    bind(HEALTH_MONITOR_LOOP)
      .toDynamicValue(({ container: c }) => {
        const logger = c.get<Logger>(LOGGER);
        const monitor = new HealthMonitor(
          c.get<Registry>(REGISTRY),
          { probe: c.get<HealthProbe>(HEALTH_PROBE), exec: c.get<ContainerExec>(CONTAINER_EXEC) },
          c.get<Notifier>(NOTIFIER),
          c.get<Clock>(CLOCK),
          logger,
          c.get<AgentSettings>(AGENT_SETTINGS),
          c.get<KeyedLock>(SERVICE_LOCK),
        );
        return new HealthMonitorLoop(monitor, c.get<Scheduler>(SCHEDULER), logger);
      })
      .inSingletonScope();
    bind(AGENT.Monitor)
      .toDynamicValue(({ container: c }) => {
        const settings = c.get<AgentSettings>(AGENT_SETTINGS);
        const logger = c.get<Logger>(LOGGER);
        const tick = new MonitorTick(c.get(REGISTRY), c.get(CONTAINER_RUNTIME), c.get(NOTIFIER), c.get(CLOCK), logger, settings, c.get<KeyedLock>(SERVICE_LOCK));
        return new MonitorLoop(tick, c.get<Scheduler>(SCHEDULER), settings, logger);
      })
      .inSingletonScope();
  });
}

/** The driving side: the TLS gRPC server in front of the use cases. */
function grpcModule(config: AgentConfig): ContainerModule {
  return new ContainerModule((bind: interfaces.Bind) => {
    bind(AGENT.GrpcServer)
      .toDynamicValue(({ container: c }) => {
        const handlers = agentServiceHandlers(c.get<AgentUseCases>(AGENT.UseCases), {
          authorize: c.get<AuthorizeCallUseCase>(AGENT.Authorize),
          audit: c.get<Logger>(AGENT.Audit),
        });
        return new AgentGrpcServer(
          {
            address: config.server.grpcAddr,
            tlsCert: readFileSync(config.server.tlsCert),
            tlsKey: readFileSync(config.server.tlsKey),
            maxMessageBytes: config.agent.maxFileSize + MESSAGE_OVERHEAD_BYTES,
          },
          handlers,
        );
      })
      .inSingletonScope();
  });
}

export function buildAgentContainer(config: AgentConfig, parts: AgentParts): Container {
  const container = new Container();
  container.load(adaptersModule(config, parts), runtimeModule(parts), useCasesModule(), grpcModule(config));
  return container;
}
