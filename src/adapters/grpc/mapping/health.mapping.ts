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

/** Zero means "the default", as proto3 cannot tell an absent number from 0; the domain then validates. */
export function healthCheckFromWire(w: pb.HealthCheck | undefined): HealthCheckInput | undefined {
  if (!w) return undefined;
  return {
    ...(w.http ? { http: w.http } : {}),
    ...(w.tcp ? { tcp: w.tcp } : {}),
    ...(w.cmd.length > 0 ? { cmd: w.cmd } : {}),
    ...(w.intervalMs ? { intervalMs: w.intervalMs } : {}),
    ...(w.timeoutMs ? { timeoutMs: w.timeoutMs } : {}),
    ...(w.retries ? { retries: w.retries } : {}),
    // A start period of 0 is meaningful (no wait beyond the first probe) but indistinguishable on the wire: default it.
    ...(w.startPeriodMs ? { startPeriodMs: w.startPeriodMs } : {}),
  };
}
