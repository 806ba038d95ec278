import { type ComponentSpec, DEFAULT_PULL, DEFAULT_RESTART, type ServiceSpec } from '../../../domain/service/service-spec';
import { HEALTH_DEFAULTS, type HealthCheck } from '../../../domain/health/health-check';
import { UNIT_MS } from '../../../domain/time/duration';
import { tomlValue } from './toml-source';

export const COMPONENT_KEYS = ['name', 'image', 'network', 'user', 'restart', 'ports', 'volumes', 'cmd', 'env', 'secrets', 'secret_files', 'pull', 'health'] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

/**
 * The value a component key should have in a file, or undefined when the
 * key is best left out: defaults (restart unless-stopped, pull always) and
 * empty lists are not written, so a file says only what reproduces the spec.
 */
export function componentValue(c: ComponentSpec, key: ComponentKey): unknown {
  switch (key) {
    case 'name':
    case 'image':
      return c[key];
    case 'network':
    case 'user':
      return c[key];
    case 'restart':
      return c.restart === DEFAULT_RESTART ? undefined : c.restart;
    case 'pull':
      return c.pull === DEFAULT_PULL ? undefined : c.pull;
    case 'ports':
    case 'volumes':
    case 'cmd':
      return c[key].length === 0 ? undefined : c[key];
    case 'env':
      return Object.keys(c.env).length === 0 ? undefined : c.env;
    case 'secrets':
      return c.secrets;
    case 'secret_files':
      return c.secretFiles;
    case 'health':
      return c.health ? healthValue(c.health) : undefined;
  }
}

/**
 * The largest unit that divides exactly: 30000 → "30s", 1500 → "1500ms",
 * 5400000 → "90m". One number and one unit, as a definition file's durations
 * are read (the domain's durationText writes "1h30m" and drops milliseconds).
 */
function exactDurationText(ms: number): string {
  const [unit, size] = UNIT_MS.find(([, size]) => ms >= size && ms % size === 0) ?? ['ms', 1];
  return `${ms / size}${unit}`;
}

/** An inline table with the kind first and only the timings that differ from the defaults. */
function healthValue(h: HealthCheck): Record<string, unknown> {
  const t = h.target;
  return {
    ...(t.kind === 'http' ? { http: t.url } : t.kind === 'tcp' ? { tcp: t.address } : { cmd: [...t.argv] }),
    ...(h.intervalMs !== HEALTH_DEFAULTS.intervalMs ? { interval: exactDurationText(h.intervalMs) } : {}),
    ...(h.timeoutMs !== HEALTH_DEFAULTS.timeoutMs ? { timeout: exactDurationText(h.timeoutMs) } : {}),
    ...(h.retries !== HEALTH_DEFAULTS.retries ? { retries: h.retries } : {}),
    ...(h.startPeriodMs !== HEALTH_DEFAULTS.startPeriodMs ? { start_period: exactDurationText(h.startPeriodMs) } : {}),
  };
}

export function renderComponent(c: ComponentSpec): string[] {
  const lines = ['[[components]]'];
  for (const key of COMPONENT_KEYS) {
    const value = componentValue(c, key);
    if (value !== undefined) lines.push(`${key} = ${tomlValue(value)}`);
  }
  return lines;
}

/** A clean file for a spec: name, node, active, then one [[components]] block each, blank-line separated. */
export function renderServiceDefinition(spec: ServiceSpec): string {
  const lines = [`name = ${tomlValue(spec.name)}`, `node = ${tomlValue(spec.node)}`, `active = ${tomlValue(spec.active)}`];
  for (const c of spec.components) lines.push('', ...renderComponent(c));
  return `${lines.join('\n')}\n`;
}
