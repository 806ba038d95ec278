import type { HealthCheck } from '../../../domain/health/health-check';
import { type ExportSite, notExpressible } from '../../../domain/service/export-format';
import { parsePort } from '../../../domain/service/run-options';
import type { ComponentSpec } from '../../../domain/service/service-spec';

type Site = (field: string) => ExportSite;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1|0\.0\.0\.0)$/;

/** Kubernetes counts probe timings in whole seconds (at least 1): MCP's are rounded up. */
function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * MCP's http and tcp checks connect from the node; a probe connects to the
 * pod. A loopback target is the component's published port, so it becomes
 * the container port behind it (as is with host networking); any other host
 * is kept as the probe's `host`.
 */
function target(c: ComponentSpec, host: string, port: number, at: ExportSite, value: string): { host?: string; port: number } {
  if (!LOOPBACK.test(host)) return { host: host.replace(/^\[|\]$/g, ''), port };
  if (c.network === 'host') return { port };
  for (const text of c.ports) {
    const p = parsePort(text);
    // Ranges never reach here: the Pod's ports refuse them first.
    if (p?.hostPort && p.protocol === 'tcp' && p.hostPort.from === port) return { port: p.containerPort.from };
  }
  throw notExpressible('kube', at, value, `the check reaches port ${port} on the node, which the component does not publish, so the pod's port is unknown`);
}

function handler(c: ComponentSpec, check: HealthCheck, at: Site): Record<string, unknown> {
  const t = check.target;
  if (t.kind === 'cmd') return { exec: { command: [...t.argv] } };
  if (t.kind === 'tcp') {
    const colon = t.address.lastIndexOf(':');
    return { tcpSocket: target(c, t.address.slice(0, colon), Number(t.address.slice(colon + 1)), at('health.tcp'), t.address) };
  }
  const url = new URL(t.url);
  const https = url.protocol === 'https:';
  const port = url.port === '' ? (https ? 443 : 80) : Number(url.port);
  const where = target(c, url.hostname, port, at('health.http'), t.url);
  return { httpGet: { ...(where.host !== undefined ? { host: where.host } : {}), path: `${url.pathname}${url.search}`, port: where.port, scheme: https ? 'HTTPS' : 'HTTP' } };
}

export interface Probes {
  readonly probes: Record<string, unknown>;
  readonly notes: string[];
}

/**
 * A check becomes a livenessProbe (what `podman kube play` turns into the
 * container's healthcheck; its initialDelaySeconds is podman's start period,
 * and in Kubernetes it keeps a slow starter from being restarted before
 * start_period) and a readinessProbe with the same test (no traffic to a pod
 * whose check fails). periodSeconds = interval, timeoutSeconds = timeout,
 * failureThreshold = retries.
 */
export function probes(c: ComponentSpec, at: Site): Probes {
  if (c.health === undefined) return { probes: {}, notes: [] };
  const h = c.health;
  const test = handler(c, h, at);
  const timing = { periodSeconds: seconds(h.intervalMs), timeoutSeconds: seconds(h.timeoutMs), failureThreshold: h.retries };
  const notes = [` ${c.name}'s check is its livenessProbe and readinessProbe: after ${h.retries} failures in a row Kubernetes restarts the container, where MCP only alerts.`];
  if ([h.intervalMs, h.timeoutMs, h.startPeriodMs].some((ms) => ms % 1000 !== 0)) notes.push(` ${c.name}'s check timings were rounded up to whole seconds.`);
  return {
    probes: { livenessProbe: { ...test, initialDelaySeconds: Math.ceil(h.startPeriodMs / 1000), ...timing }, readinessProbe: { ...test, ...timing } },
    notes,
  };
}
