import { readFileSync } from 'node:fs';
import { Container, ContainerModule, type interfaces } from 'inversify';
import type { AgentConfig } from '../../adapters/config/toml/config.types';
import { DEFAULT_DOCKER_SOCKET, toAgentSettings } from '../../adapters/config/toml/agent-config.loader';
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
import { dockerAdapters } from '../../adapters/runtime/docker/docker-adapters';
import { podmanAdapters } from '../../adapters/runtime/podman/podman-adapters';
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
// ---- observe (issue 13) ----
import { MetricsHttpServer } from '../../adapters/metrics/prometheus/metrics-http.server';
import { PrometheusMetrics } from '../../adapters/metrics/prometheus/prometheus-metrics.adapter';
import { TimerSleeper } from '../../adapters/scheduler/interval/timer-sleeper.adapter';
import type { ObserveUseCases } from '../../adapters/grpc/server/observe.handlers';
import { EventFeed } from '../../application/agent/events/event-feed';
import { isTransition } from '../../domain/events/transition-event';
import { publishingRegistry } from '../../application/agent/events/publishing-registry';
import { WatchEventsUseCase } from '../../application/agent/events/watch-events.use-case';
import { StreamLogsUseCase } from '../../application/agent/logs/stream-logs.use-case';
import { meteredDeploy } from '../../application/agent/metered-deploy';
import { ReadComponentMetricsUseCase } from '../../application/agent/monitor/read-component-metrics.use-case';
import { RuntimeEventFollower } from '../../application/agent/monitor/runtime-event-follower.use-case';
import { METRICS, type Metrics, NO_METRICS } from '../../application/agent/ports/metrics.port';
import { SLEEPER, type Sleeper } from '../../application/agent/ports/sleeper.port';
import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
// ---- deploy (issue 11) ----
import { NetHealthProbe } from '../../adapters/health/net/net-health-probe.adapter';
import { DEPLOY_JOURNAL, type DeployJournal } from '../../application/agent/ports/deploy-journal.port';
import { HEALTH_PROBE, type HealthProbe } from '../../application/agent/ports/health-probe.port';
import { HealthMonitor } from '../../application/agent/health/health-monitor.use-case';
import { HealthMonitorLoop } from '../../application/agent/health/health-monitor-loop';

/** ---- deploy (issue 11): the health monitor, beside the monitor tick ---- */
export const HEALTH_MONITOR_LOOP = Symbol.for('mcp.agent.HealthMonitorLoop');

/** Room for a whole file plus the message's own framing. */
const MESSAGE_OVERHEAD_BYTES = 1024 * 1024;

export interface AgentParts {
  readonly registry: Registry;
  readonly logger: WinstonLogger;
  /** Replace the configured engine's adapters (tests). */
  readonly runtime?: ContainerRuntime;
  /** Where a deploy in progress leaves what a crash must undo (the SQLite registry). */
  readonly journal: DeployJournal;
  /** Replace the engine's logs, exec and event stream (tests). */
  readonly logs?: ContainerLogs;
  readonly exec?: ContainerExec;
  readonly events?: RuntimeEvents;
}

/** ---- runtime (issue 14): the container engine behind the four runtime ports ---- */
function engineAdapters(config: AgentConfig): { runtime: ContainerRuntime; logs: ContainerLogs; exec: ContainerExec; events: RuntimeEvents } {
  if (config.agent.containerRuntime === 'docker') return dockerAdapters({ socketPath: config.agent.runtimeSocket ?? DEFAULT_DOCKER_SOCKET });
  return podmanAdapters();
}

function runtimeModule(config: AgentConfig, parts: AgentParts): ContainerModule {
  return new ContainerModule((bind: interfaces.Bind) => {
    const engine = engineAdapters(config);
    bind<ContainerRuntime>(CONTAINER_RUNTIME).toConstantValue(parts.runtime ?? engine.runtime);
    bind<ContainerLogs>(CONTAINER_LOGS).toConstantValue(parts.logs ?? engine.logs);
    bind<ContainerExec>(CONTAINER_EXEC).toConstantValue(parts.exec ?? engine.exec);
    bind<RuntimeEvents>(RUNTIME_EVENTS).toConstantValue(parts.events ?? engine.events);
  });
}

/** The adapters behind every port, from the configuration. */
function adaptersModule(config: AgentConfig, parts: AgentParts, feed: EventFeed): ContainerModule {
  return new ContainerModule((bind: interfaces.Bind) => {
    bind<AgentSettings>(AGENT_SETTINGS).toConstantValue(toAgentSettings(config));
    bind<Clock>(CLOCK).toConstantValue(new SystemClock());
    bind<Logger>(LOGGER).toConstantValue(parts.logger);
    bind<Logger>(AGENT.Audit).toConstantValue(parts.logger);
    bind<Registry>(REGISTRY).toConstantValue(publishingRegistry(parts.registry, feed));
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
      .toDynamicValue(({ container: c }) => {
        const useCases = createAgentUseCases({
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
        });
        return { ...useCases, deploy: meteredDeploy(useCases.deploy, c.get<Metrics>(METRICS), c.get<Clock>(CLOCK)) };
      })
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
        const lock = c.get<KeyedLock>(SERVICE_LOCK);
        const tick = new MonitorTick(c.get(REGISTRY), c.get(CONTAINER_RUNTIME), c.get(NOTIFIER), c.get(CLOCK), logger, settings, lock, c.get<Metrics>(METRICS));
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
        const handlers = agentServiceHandlers(
          c.get<AgentUseCases>(AGENT.UseCases),
          {
            authorize: c.get<AuthorizeCallUseCase>(AGENT.Authorize),
            audit: c.get<Logger>(AGENT.Audit),
            metrics: c.get<Metrics>(METRICS),
            shutdown: c.get<AbortController>(AGENT.StreamsShutdown).signal,
          },
          c.get<ObserveUseCases>(AGENT.Observe),
        );
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

/**
 * Observability (issue 13): the event feed behind `mcp events -f`, metrics,
 * log and event streams of the runtime, the runtime event follower and the
 * /metrics endpoint. Kept apart from the v1 modules above.
 */
function observeModule(config: AgentConfig, feed: EventFeed): ContainerModule {
  return new ContainerModule((bind: interfaces.Bind) => {
    bind(EventFeed).toConstantValue(feed);
    bind(AGENT.StreamsShutdown).toConstantValue(new AbortController());
    bind<Metrics>(METRICS)
      .toDynamicValue(({ container: c }) => {
        if (!config.metrics) return NO_METRICS;
        const metrics = new PrometheusMetrics(() => new ReadComponentMetricsUseCase(c.get<Registry>(REGISTRY)).execute());
        // Every recorded transition counts, whoever recorded it (monitor, live check, deploy).
        feed.subscribe((events) => metrics.transitions(events.filter(isTransition)));
        return metrics;
      })
      .inSingletonScope();
    bind<ObserveUseCases>(AGENT.Observe)
      .toDynamicValue(({ container: c }) => ({
        logs: new StreamLogsUseCase(c.get<Registry>(REGISTRY), c.get<ContainerLogs>(CONTAINER_LOGS), c.get<ContainerRuntime>(CONTAINER_RUNTIME)),
        events: new WatchEventsUseCase(c.get<Registry>(REGISTRY), feed),
      }))
      .inSingletonScope();
    bind(AGENT.EventFollower)
      .toDynamicValue(
        ({ container: c }) =>
          new RuntimeEventFollower(c.get(RUNTIME_EVENTS), c.get<MonitorLoop>(AGENT.Monitor), c.get(SLEEPER), c.get(CLOCK), c.get(LOGGER), c.get<Metrics>(METRICS)),
      )
      .inSingletonScope();
    bind<{ server: MetricsHttpServer | undefined }>(AGENT.MetricsServer)
      .toDynamicValue(({ container: c }) => {
        const metrics = c.get<Metrics>(METRICS);
        if (!config.metrics || !(metrics instanceof PrometheusMetrics)) return { server: undefined };
        const token = config.metrics.tokenFile !== undefined ? readMetricsToken(config.metrics.tokenFile, config.path) : undefined;
        return { server: new MetricsHttpServer(metrics, { listen: config.metrics.listen, ...(token !== undefined ? { token } : {}) }, c.get<Logger>(LOGGER)) };
      })
      .inSingletonScope();
  });
}

/** The scrapers' bearer token: the file's first line; an empty or unreadable file stops the agent. */
function readMetricsToken(path: string, configFile: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DomainError(ErrorCode.ConfigInvalid, `${configFile}: metrics.token_file: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const token = text.split('\n')[0]!.trim();
  if (token === '') throw new DomainError(ErrorCode.ConfigInvalid, `${configFile}: metrics.token_file: ${path} is empty`);
  return token;
}

export function buildAgentContainer(config: AgentConfig, parts: AgentParts): Container {
  const container = new Container();
  const feed = new EventFeed();
  container.load(adaptersModule(config, parts, feed), runtimeModule(config, parts), useCasesModule(), grpcModule(config), observeModule(config, feed));
  return container;
}
