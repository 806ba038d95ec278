import { isDrift } from '../../../domain/state/states';
import type { Health } from '../../../domain/state/health';
import type { ComponentRecord } from '../../../domain/service/service-record';
import type { Registry } from '../ports/registry.port';

export interface ComponentMetricRow {
  readonly service: string;
  readonly component: string;
  readonly up: boolean;
  readonly drift: boolean;
  readonly healthy: boolean;
}

/**
 * A component is healthy by its health check's verdict when it has one
 * (recorded by the health monitor as `health`), else by being running: a
 * component without a check has no better signal.
 */
export function isHealthy(c: ComponentRecord & { readonly health?: Health }): boolean {
  if (c.health !== undefined && c.health !== 'none') return c.health === 'healthy';
  return c.observed === 'running';
}

/** The per-component gauges, read from the registry when metrics are scraped. */
export class ReadComponentMetricsUseCase {
  constructor(private readonly registry: Pick<Registry, 'listServices'>) {}

  async execute(): Promise<ComponentMetricRow[]> {
    const rows: ComponentMetricRow[] = [];
    for (const s of await this.registry.listServices()) {
      for (const c of s.components) {
        rows.push({ service: s.name, component: c.spec.name, up: c.observed === 'running', drift: isDrift(c.desired, c.observed), healthy: isHealthy(c) });
      }
    }
    return rows;
  }
}
