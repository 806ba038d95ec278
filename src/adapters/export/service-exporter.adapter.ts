import type { ExportedFile, ServiceExporter } from '../../application/operator/ports/service-exporter.port';
import type { ForeignFormat } from '../../domain/service/export-format';
import type { ServiceSpec } from '../../domain/service/service-spec';
import { renderCompose } from './compose/compose-file.render';
import { renderKube } from './kube/kube-pod.render';
import { renderQuadlet } from './quadlet/quadlet-unit.render';

const RENDER: Readonly<Record<ForeignFormat, (spec: ServiceSpec) => ExportedFile[]>> = { kube: renderKube, quadlet: renderQuadlet, compose: renderCompose };

/** Kubernetes YAML, Quadlet units and compose files from a spec. */
export class FormatServiceExporter implements ServiceExporter {
  render(spec: ServiceSpec, format: ForeignFormat): readonly ExportedFile[] {
    return RENDER[format](spec);
  }
}
