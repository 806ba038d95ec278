import type { ForeignFormat } from '../../../domain/service/export-format';
import type { ServiceSpec } from '../../../domain/service/service-spec';

/** One file of an export: its name (no directory) and its text. */
export interface ExportedFile {
  readonly name: string;
  readonly content: string;
}

/**
 * Renders a spec in another engine's format (Kubernetes YAML, Quadlet units,
 * compose). Pure: a value with no equivalent throws EXPORT_UNSUPPORTED naming
 * the service, component and field, and nothing is returned.
 */
export interface ServiceExporter {
  render(spec: ServiceSpec, format: ForeignFormat): readonly ExportedFile[];
}
export const SERVICE_EXPORTER = Symbol.for('mcp.cli.ServiceExporter');

/** Where exported files go on the operator's machine. */
export interface ExportFiles {
  /** `<dir>/<name>`. */
  pathIn(dir: string, name: string): string;
  /** Creates the directory (and its parents) if missing. */
  ensureDir(dir: string): Promise<void>;
  /** Writes each file whole (temp file + rename), creating parent directories. */
  write(files: ReadonlyArray<{ readonly path: string; readonly content: string }>): Promise<void>;
}
export const EXPORT_FILES = Symbol.for('mcp.cli.ExportFiles');
