/** Bootstrap-only tokens: things the use-case layer never asks for by itself. */
export const AGENT = {
  UseCases: Symbol.for('mcp.agent.UseCases'),
  Monitor: Symbol.for('mcp.agent.MonitorLoop'),
  GrpcServer: Symbol.for('mcp.agent.GrpcServer'),
  Authorize: Symbol.for('mcp.agent.Authorize'),
  Audit: Symbol.for('mcp.agent.AuditLogger'),
  Observe: Symbol.for('mcp.agent.ObserveUseCases'),
  EventFollower: Symbol.for('mcp.agent.RuntimeEventFollower'),
  MetricsServer: Symbol.for('mcp.agent.MetricsServer'),
  StreamsShutdown: Symbol.for('mcp.agent.StreamsShutdown'),
} as const;
