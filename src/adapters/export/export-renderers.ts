import type { ExportedFile } from '../../application/operator/ports/service-exporter.port';
import type { ForeignFormat } from '../../domain/service/export-format';
import type { ServiceSpec } from '../../domain/service/service-spec';
import { renderCompose } from './compose/compose-file.render';
import { renderKube } from './kube/kube-pod.render';
import { renderQuadlet } from './quadlet/quadlet-unit.render';

export const RENDER: Readonly<Record<ForeignFormat, (spec: ServiceSpec) => ExportedFile[]>> = { kube: renderKube, quadlet: renderQuadlet, compose: renderCompose };
