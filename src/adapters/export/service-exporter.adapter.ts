import type { ExportedFile, ServiceExporter } from '../../application/operator/ports/service-exporter.port';
import type { ForeignFormat } from '../../domain/service/export-format';
import type { ServiceSpec } from '../../domain/service/service-spec';
import type * as Renderers from './export-renderers';

/**
 * Kubernetes YAML, Quadlet units and compose files from a spec. The
 * renderers (and the YAML library) load on the first export, not with the
 * CLI's composition root: every other command would pay for them at start.
 */
export class FormatServiceExporter implements ServiceExporter {
  render(spec: ServiceSpec, format: ForeignFormat): readonly ExportedFile[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load that stays synchronous, like the port
    const { RENDER } = require('./export-renderers') as typeof Renderers;
    return RENDER[format](spec);
  }
}
