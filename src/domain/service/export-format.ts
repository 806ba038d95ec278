import { DomainError, ErrorCode } from '../errors/domain-error';

/** What `mcp service export --format` can write: MCP's own file, or a bigger engine's. */
export const EXPORT_FORMATS = ['toml', 'kube', 'quadlet', 'compose'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The formats that leave MCP (rendered by a ServiceExporter adapter). */
export type ForeignFormat = Exclude<ExportFormat, 'toml'>;

const ENGINE: Readonly<Record<ForeignFormat, string>> = { kube: 'Kubernetes', quadlet: 'Quadlet', compose: 'compose' };

export function parseExportFormat(value: string): ExportFormat {
  if ((EXPORT_FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw new DomainError(ErrorCode.InvalidArgument, `unknown export format ${JSON.stringify(value)}: use ${EXPORT_FORMATS.join(', ')}`);
}

/** Where in a spec a value sits, for the one-line error when it cannot be expressed. */
export interface ExportSite {
  readonly service: string;
  readonly component: string;
  readonly field: string;
}

/**
 * The one error for "this value has no equivalent in that format": it names
 * the service, the component and the field, so the operator knows what to
 * change; the export then writes nothing.
 */
export function notExpressible(format: ForeignFormat, at: ExportSite, value: unknown, why: string): DomainError {
  return new DomainError(
    ErrorCode.ExportUnsupported,
    `cannot export service ${at.service} to ${format}: component ${at.component}: ${at.field} ${JSON.stringify(value)}: ${why} in ${ENGINE[format]}`,
  );
}
