import type { ExportResult } from '../../../application/operator/service-export.command';

/** What `mcp service export` prints: the exported text itself (no -f), or where it went. */
export function formatExport(r: ExportResult): string {
  if (r.kind === 'printed') {
    if (r.files.length === 1) return r.files[0]!.content;
    // Several Quadlet units: each under a comment naming its file, so the output still reads as units.
    return r.files.map((f) => `### ${f.name}\n${f.content}`).join('\n');
  }
  if (r.services.length === 0) return `no services to export: no node holds any\n`;
  if (r.services.length === 1) return `exported ${r.services[0]!.service} from ${r.services[0]!.node} as ${r.format} to ${r.paths.join(', ')}\n`;
  return `exported ${r.services.length} services as ${r.format}:\n${r.paths.map((p) => `  ${p}\n`).join('')}`;
}

/** `--json`: one service written keeps v1's `{node, path}` shape (scripts rely on it). */
export function exportJson(r: ExportResult): unknown {
  if (r.kind === 'printed') return { node: r.node, service: r.service, format: r.format, files: r.files };
  if (r.services.length === 1 && r.paths.length === 1 && r.format === 'toml') return { node: r.services[0]!.node, path: r.paths[0] };
  return { format: r.format, services: r.services, paths: r.paths };
}
