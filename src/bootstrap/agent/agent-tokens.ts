import type { AgentGrpcServer } from '../../adapters/grpc/server/agent-grpc.server';
import type { ObserveUseCases } from '../../adapters/grpc/server/observe.handlers';
import type { MetricsHttpServer } from '../../adapters/metrics/prometheus/metrics-http.server';
import type { AgentUseCases } from '../../application/agent/agent-use-cases';
import type { AuthorizeCallUseCase } from '../../application/agent/authorize-call.use-case';
import type { EventFeed } from '../../application/agent/events/event-feed';
import type { HealthMonitor } from '../../application/agent/health/health-monitor.use-case';
import type { HealthMonitorLoop } from '../../application/agent/health/health-monitor-loop';
import type { MonitorLoop } from '../../application/agent/monitor/monitor-loop.use-case';
import type { MonitorTick } from '../../application/agent/monitor/monitor-tick.use-case';
import type { RuntimeEventFollower } from '../../application/agent/monitor/runtime-event-follower.use-case';
import type { Logger } from '../../application/shared/ports/logger.port';
import { token } from '../../application/shared/ports/token';

/** Tokens only the agent's composition root uses: what it assembles beyond the core's ports. */
export const AGENT = {
  UseCases: token<AgentUseCases>('mcp.agent.UseCases'),
  Observe: token<ObserveUseCases>('mcp.agent.ObserveUseCases'),
  Authorize: token<AuthorizeCallUseCase>('mcp.agent.Authorize'),
  Audit: token<Logger>('mcp.agent.AuditLogger'),
  EventFeed: token<EventFeed>('mcp.agent.EventFeed'),
  MonitorTick: token<MonitorTick>('mcp.agent.MonitorTick'),
  Monitor: token<MonitorLoop>('mcp.agent.MonitorLoop'),
  HealthMonitor: token<HealthMonitor>('mcp.agent.HealthMonitor'),
  HealthMonitorLoop: token<HealthMonitorLoop>('mcp.agent.HealthMonitorLoop'),
  EventFollower: token<RuntimeEventFollower>('mcp.agent.RuntimeEventFollower'),
  GrpcServer: token<AgentGrpcServer>('mcp.agent.GrpcServer'),
  /** `server` is absent when `[metrics] listen = ""` (inversify holds no undefined values). */
  MetricsServer: token<{ readonly server?: MetricsHttpServer }>('mcp.agent.MetricsServer'),
  /** Aborted at shutdown: followed logs and events end instead of holding the drain open. */
  StreamsShutdown: token<AbortController>('mcp.agent.StreamsShutdown'),
} as const;
