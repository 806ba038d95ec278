import { type ExportSite, type ForeignFormat, notExpressible } from '../../../domain/service/export-format';
import type { HealthCheck } from '../../../domain/health/health-check';

/**
 * A duration as podman (`--health-interval`, Quadlet's Health* keys) and the
 * compose spec read it: Go's `time.ParseDuration` syntax, exact to the
 * millisecond MCP keeps.
 */
export function goDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * Quadlet's HealthCmd and compose's healthcheck run a command inside the
 * container; MCP's http and tcp checks run from the node, and the image may
 * have no curl or nc to do the same from inside. So only a cmd check maps;
 * the others are refused naming the field, like any value without an equivalent.
 */
export function commandInside(format: ForeignFormat, check: HealthCheck, at: (field: string) => ExportSite): readonly string[] {
  const t = check.target;
  if (t.kind === 'cmd') return t.argv;
  const value = t.kind === 'http' ? t.url : t.address;
  throw notExpressible(format, at(`health.${t.kind}`), value, 'a check made from the node has no equivalent: only a command run inside the container (a cmd check) can be a health check');
}
