import { DomainError, ErrorCode, isDomainError } from '../../domain/errors/domain-error';
import { type ExportFormat, type ForeignFormat, parseExportFormat } from '../../domain/service/export-format';
import { assertValidName } from '../../domain/names/name.value';
import type { ServiceSpec } from '../../domain/service/service-spec';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { NodeDirectory, ServiceDefinitions } from './ports/operator.ports';
import type { ExportFiles, ExportedFile, ServiceExporter } from './ports/service-exporter.port';
import { failedRows, fanOut } from './support/fan-out';
import { heldSpec } from './support/held-spec';
import type { NodeLocator } from './support/node-locator';

export interface ExportRequest {
  /** One service, or every service of every node with `all`. */
  readonly service?: string;
  readonly all?: boolean;
  /** Default toml. */
  readonly format?: string;
  /** A file (toml, kube, compose), a directory (quadlet, and every format with --all); else the default. */
  readonly file?: string;
}

export type ExportResult =
  | { readonly kind: 'written'; readonly format: ExportFormat; readonly services: ReadonlyArray<{ readonly service: string; readonly node: string }>; readonly paths: readonly string[] }
  /** kube, quadlet or compose without -f: the text goes to stdout. */
  | { readonly kind: 'printed'; readonly format: ExportFormat; readonly service: string; readonly node: string; readonly files: readonly ExportedFile[] };

interface Held {
  readonly node: string;
  readonly spec: ServiceSpec;
}

/**
 * `mcp service export <service>|--all [--format toml|kube|quadlet|compose] [-f path]`:
 * the spec the agent holds (what really runs), as MCP's definition file or
 * as another engine's. Everything is rendered before anything is written, so
 * a value another format cannot express leaves no file behind.
 */
export class ServiceExportCommand {
  constructor(
    private readonly locator: NodeLocator,
    private readonly nodes: NodeDirectory,
    private readonly definitions: ServiceDefinitions,
    private readonly gateways: AgentGatewayFactory,
    private readonly exporter: ServiceExporter,
    private readonly files: ExportFiles,
  ) {}

  async execute(request: ExportRequest): Promise<ExportResult> {
    const format = parseExportFormat(request.format ?? 'toml');
    if (request.all) {
      if (request.service !== undefined) throw new DomainError(ErrorCode.InvalidArgument, 'export --all exports every service: give no service name');
      return this.exportAll(format, request.file);
    }
    if (request.service === undefined) throw new DomainError(ErrorCode.InvalidArgument, 'export needs a service name, or --all');
    const held = await heldSpec(this.locator, this.gateways, assertValidName('service', request.service));
    const services = [{ service: held.spec.name, node: held.node }];
    if (format === 'toml') {
      const path = request.file ?? this.definitions.defaultPath(held.spec.name);
      await this.definitions.export(path, held.spec);
      return { kind: 'written', format, services, paths: [path] };
    }
    const files = this.exporter.render(held.spec, format);
    if (request.file === undefined) return { kind: 'printed', format, service: held.spec.name, node: held.node, files };
    // Quadlet is one unit per component: -f names their directory.
    const writes = format === 'quadlet' ? files.map((f) => ({ path: this.files.pathIn(request.file!, f.name), content: f.content })) : [{ path: request.file, content: files[0]!.content }];
    if (format === 'quadlet') await this.files.ensureDir(request.file);
    await this.files.write(writes);
    return { kind: 'written', format, services, paths: writes.map((w) => w.path) };
  }

  private async exportAll(format: ExportFormat, dir: string | undefined): Promise<ExportResult> {
    if (dir === undefined && format !== 'toml') throw new DomainError(ErrorCode.InvalidArgument, `export --all --format ${format} needs -f <directory>`);
    const held = await this.everyService();
    const services = held.map((h) => ({ service: h.spec.name, node: h.node }));
    if (dir !== undefined) await this.files.ensureDir(dir);
    if (format === 'toml') {
      const paths = held.map((h) => (dir !== undefined ? this.files.pathIn(dir, `${h.spec.name}.toml`) : this.definitions.defaultPath(h.spec.name)));
      for (const [i, h] of held.entries()) await this.definitions.export(paths[i]!, h.spec);
      return { kind: 'written', format, services, paths };
    }
    const writes = this.renderAll(held, format).map((f) => ({ path: this.files.pathIn(dir!, f.name), content: f.content }));
    await this.files.write(writes);
    return { kind: 'written', format, services, paths: writes.map((w) => w.path) };
  }

  /** Every service renders, or the export fails naming every value that cannot be expressed. */
  private renderAll(held: readonly Held[], format: ForeignFormat): ExportedFile[] {
    const out: ExportedFile[] = [];
    const problems: string[] = [];
    for (const h of held) {
      try {
        out.push(...this.exporter.render(h.spec, format));
      } catch (e) {
        if (!isDomainError(e) || e.code !== ErrorCode.ExportUnsupported) throw e;
        problems.push(e.message);
      }
    }
    if (problems.length > 0) throw new DomainError(ErrorCode.ExportUnsupported, `${problems.join('; ')} (nothing was written)`);
    return out;
  }

  /** Every node must answer: an export that silently lacks a node's services is no way to leave. */
  private async everyService(): Promise<Held[]> {
    const nodes = await this.nodes.list();
    if (nodes.length === 0) throw new DomainError(ErrorCode.ConfigInvalid, `no [[nodes]] in ${this.nodes.where}: nothing to export`);
    const rows = await fanOut(this.gateways, nodes, (g) => g.list());
    const failed = failedRows(rows);
    if (failed.length > 0) {
      const code = failed[0]!.error.code as ErrorCode;
      throw new DomainError(code, `export --all needs every node: ${failed.map((r) => `${r.node}: ${r.error.message}`).join('; ')}`);
    }
    const held: Held[] = [];
    const nodeOf = new Map<string, string>();
    for (const row of rows) {
      if (!row.ok) continue;
      for (const s of row.value.services) {
        const other = nodeOf.get(s.spec.name);
        if (other !== undefined) throw new DomainError(ErrorCode.InvalidArgument, `service ${s.spec.name} is on nodes ${other} and ${row.node}: export them one at a time with -f`);
        nodeOf.set(s.spec.name, row.node);
        held.push({ node: row.node, spec: s.spec });
      }
    }
    return held;
  }
}
