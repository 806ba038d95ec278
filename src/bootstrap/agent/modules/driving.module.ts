import { readFileSync } from 'node:fs';
import type { AgentConfig } from '../../../adapters/config/toml/config.types';
import { AgentGrpcServer } from '../../../adapters/grpc/server/agent-grpc.server';
import { agentServiceHandlers } from '../../../adapters/grpc/server/agent-service.handlers';
import { MetricsHttpServer } from '../../../adapters/metrics/prometheus/metrics-http.server';
import { PrometheusMetrics } from '../../../adapters/metrics/prometheus/prometheus-metrics.adapter';
import { HealthMonitor } from '../../../application/agent/health/health-monitor.use-case';
import { HealthMonitorLoop } from '../../../application/agent/health/health-monitor-loop';
import { MonitorLoop } from '../../../application/agent/monitor/monitor-loop.use-case';
import { MonitorTick } from '../../../application/agent/monitor/monitor-tick.use-case';
import { ReadComponentMetricsUseCase } from '../../../application/agent/monitor/read-component-metrics.use-case';
import { RuntimeEventFollower } from '../../../application/agent/monitor/runtime-event-follower.use-case';
import { AGENT_SETTINGS } from '../../../application/agent/ports/agent-settings.port';
import { CONTAINER_EXEC } from '../../../application/agent/ports/container-exec.port';
import { CONTAINER_RUNTIME } from '../../../application/agent/ports/container-runtime.port';
import { HEALTH_PROBE } from '../../../application/agent/ports/health-probe.port';
import { METRICS, type Metrics, NO_METRICS } from '../../../application/agent/ports/metrics.port';
import { NOTIFIER } from '../../../application/agent/ports/notifier.port';
import { REGISTRY } from '../../../application/agent/ports/registry.port';
import { RUNTIME_EVENTS } from '../../../application/agent/ports/runtime-events.port';
import { SCHEDULER } from '../../../application/agent/ports/scheduler.port';
import { SLEEPER } from '../../../application/agent/ports/sleeper.port';
import { SERVICE_LOCK } from '../../../application/agent/support/keyed-lock';
import { CLOCK } from '../../../application/shared/ports/clock.port';
import { LOGGER } from '../../../application/shared/ports/logger.port';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { isTransition } from '../../../domain/events/transition-event';
import { agentRelease } from '../agent-release';
import { AGENT } from '../agent-tokens';
import { containerModule } from '../wiring';

/** Room for a whole file plus the message's own framing. */
const MESSAGE_OVERHEAD_BYTES = 1024 * 1024;

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

/**
 * What makes the agent act: the TLS gRPC server, the interval monitor, the
 * runtime event follower, the health monitor, and /metrics.
 */
export function drivingModule(config: AgentConfig) {
  return containerModule((bind) => {
    bind.factory(METRICS, (get): Metrics => {
      if (!config.metrics) return NO_METRICS;
      const metrics = new PrometheusMetrics(() => new ReadComponentMetricsUseCase(get(REGISTRY)).execute());
      // Every recorded transition counts, whoever recorded it (monitor, live check, deploy).
      get(AGENT.EventFeed).subscribe((events) => metrics.transitions(events.filter(isTransition)));
      return metrics;
    });
    bind.factory(AGENT.MetricsServer, (get) => {
      const metrics = get(METRICS);
      if (!config.metrics || !(metrics instanceof PrometheusMetrics)) return {};
      const token = config.metrics.tokenFile !== undefined ? readMetricsToken(config.metrics.tokenFile, config.path) : undefined;
      return { server: new MetricsHttpServer(metrics, { listen: config.metrics.listen, ...(token !== undefined ? { token } : {}) }, get(LOGGER)) };
    });

    bind.singleton(AGENT.MonitorTick, MonitorTick, REGISTRY, CONTAINER_RUNTIME, NOTIFIER, CLOCK, LOGGER, AGENT_SETTINGS, SERVICE_LOCK, METRICS);
    bind.singleton(AGENT.Monitor, MonitorLoop, AGENT.MonitorTick, SCHEDULER, AGENT_SETTINGS, LOGGER);
    bind.singleton(AGENT.EventFollower, RuntimeEventFollower, RUNTIME_EVENTS, AGENT.Monitor, SLEEPER, CLOCK, LOGGER, METRICS);
    bind.factory(
      AGENT.HealthMonitor,
      (get) => new HealthMonitor(get(REGISTRY), { probe: get(HEALTH_PROBE), exec: get(CONTAINER_EXEC) }, get(NOTIFIER), get(CLOCK), get(LOGGER), get(AGENT_SETTINGS), get(SERVICE_LOCK)),
    );
    bind.singleton(AGENT.HealthMonitorLoop, HealthMonitorLoop, AGENT.HealthMonitor, SCHEDULER, LOGGER);

    bind.constant(AGENT.StreamsShutdown, new AbortController());
    bind.factory(AGENT.GrpcServer, (get) => {
      const gate = { authorize: get(AGENT.Authorize), audit: get(AGENT.Audit), metrics: get(METRICS), shutdown: get(AGENT.StreamsShutdown).signal };
      const handlers = agentServiceHandlers(get(AGENT.UseCases), gate, get(AGENT.Observe), { version: agentRelease() });
      return new AgentGrpcServer(
        {
          address: config.server.grpcAddr,
          tlsCert: readFileSync(config.server.tlsCert),
          tlsKey: readFileSync(config.server.tlsKey),
          maxMessageBytes: config.agent.maxFileSize + MESSAGE_OVERHEAD_BYTES,
        },
        handlers,
      );
    });
  });
}
