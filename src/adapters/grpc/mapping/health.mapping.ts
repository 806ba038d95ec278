import type { HealthCheck, HealthCheckInput } from '../../../domain/health/health-check';
import { healthCheckInput } from '../../../domain/health/health-check';
import type { Health } from '../../../domain/state/health';
import * as pb from '../generated/mcp/v1/mcp';

const TO_WIRE: Record<Health, pb.Health> = {
  healthy: pb.Health.HEALTH_HEALTHY,
  unhealthy: pb.Health.HEALTH_UNHEALTHY,
  starting: pb.Health.HEALTH_STARTING,
  none: pb.Health.HEALTH_NONE,
};

export const healthState = {
  toWire: (h: Health): pb.Health => TO_WIRE[h],
  fromWire: (w: pb.Health): Health => (Object.entries(TO_WIRE).find(([, v]) => v === w)?.[0] as Health | undefined) ?? 'none',
};

export function healthCheckToWire(h: HealthCheck | undefined): pb.HealthCheck | undefined {
  if (!h) return undefined;
  const i = healthCheckInput(h);
  return {
    http: i.http ?? '',
    tcp: i.tcp ?? '',
    cmd: [...(i.cmd ?? [])],
    intervalMs: h.intervalMs,
    timeoutMs: h.timeoutMs,
    retries: h.retries,
    startPeriodMs: h.startPeriodMs,
  };
}

/** Absent timings are the defaults; the domain validates the rest, as for a file. */
export function healthCheckFromWire(w: pb.HealthCheck | undefined): HealthCheckInput | undefined {
  if (!w) return undefined;
  return {
    ...(w.http ? { http: w.http } : {}),
    ...(w.tcp ? { tcp: w.tcp } : {}),
    ...(w.cmd.length > 0 ? { cmd: w.cmd } : {}),
    ...(w.intervalMs !== undefined ? { intervalMs: w.intervalMs } : {}),
    ...(w.timeoutMs !== undefined ? { timeoutMs: w.timeoutMs } : {}),
    ...(w.retries !== undefined ? { retries: w.retries } : {}),
    ...(w.startPeriodMs !== undefined ? { startPeriodMs: w.startPeriodMs } : {}),
  };
}
