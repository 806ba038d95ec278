import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import type { ServiceSpec } from '../../../domain/service/service-spec';
import type { AgentGatewayFactory } from '../ports/agent-gateway.port';
import type { NodeDirectory, NodeEntry, ServiceDefinitions } from '../ports/operator.ports';
import { fanOut, failedRows } from './fan-out';

export interface Located {
  readonly node: NodeEntry;
  /** The definition file, when there is one. */
  readonly file?: { readonly path: string; readonly spec: ServiceSpec };
  /** Without a file: the spec the node answered with when asked who holds the service, so no one asks it again. */
  readonly held?: ServiceSpec;
}

export async function nodeNamed(nodes: NodeDirectory, name: string, why: string): Promise<NodeEntry> {
  const all = await nodes.list();
  const found = all.find((n) => n.name === name);
  if (!found) {
    const known = all.length ? all.map((n) => n.name).join(', ') : 'none';
    throw new DomainError(ErrorCode.ConfigInvalid, `${why} names node ${name}, which is not in [[nodes]] of ${nodes.where} (known: ${known}); run \`mcp node add ${name} <address>\``);
  }
  return found;
}

/**
 * Which agent holds a service: the definition file says (`node`); without a
 * file, every node is asked and exactly one must know it.
 */
export class NodeLocator {
  constructor(
    private readonly nodes: NodeDirectory,
    private readonly definitions: ServiceDefinitions,
    private readonly gateways: AgentGatewayFactory,
  ) {}

  /** The definition at `path` (default `<services dir>/<service>.toml`), if it exists. */
  async definition(service: string, path?: string): Promise<{ path: string; spec: ServiceSpec } | undefined> {
    const file = path ?? this.definitions.defaultPath(service);
    if (path === undefined && !(await this.definitions.exists(file))) return undefined;
    const spec = await this.definitions.load(file);
    if (spec.name !== service) {
      throw new DomainError(ErrorCode.InvalidArgument, `${file} defines service ${spec.name}, not ${service}`);
    }
    return { path: file, spec };
  }

  /** The definition at an explicit path, whatever service it names. */
  async fileAt(path: string): Promise<{ path: string; spec: ServiceSpec }> {
    return { path, spec: await this.definitions.load(path) };
  }

  async locate(service: string, path?: string): Promise<Located> {
    const file = await this.definition(service, path);
    if (file) return { node: await nodeNamed(this.nodes, file.spec.node, `${file.path}`), file };
    return this.askNodes(service);
  }

  private async askNodes(service: string): Promise<Located> {
    const nodes = await this.nodes.list();
    const where = this.definitions.defaultPath(service);
    if (nodes.length === 0) throw new DomainError(ErrorCode.ConfigInvalid, `no definition for ${service}: no file ${where} and no [[nodes]] in ${this.nodes.where}`);
    const rows = await fanOut(this.gateways, nodes, (g) => g.list());
    const holders = nodes.flatMap((node) => {
      const row = rows.find((r) => r.node === node.name);
      const held = row?.ok ? row.value.services.find((s) => s.spec.name === service) : undefined;
      return held ? [{ node, held: held.spec }] : [];
    });
    if (holders.length === 1) return holders[0]!;
    if (holders.length > 1) {
      throw new DomainError(ErrorCode.InvalidArgument, `service ${service} is known on nodes ${holders.map((h) => h.node.name).join(', ')}: write ${where} to say which`);
    }
    const failed = failedRows(rows);
    const answered = rows.filter((r) => r.ok).map((r) => r.node);
    const unreachable = failed.map((r) => `${r.node}: ${r.error.message}`).join('; ');
    if (answered.length === 0) {
      const code = failed.every((r) => r.error.code === failed[0]!.error.code) ? (failed[0]!.error.code as ErrorCode) : ErrorCode.NodeUnavailable;
      throw new DomainError(code, `no definition for ${service}: no file ${where}, and no node answered (${unreachable})`);
    }
    const tail = failed.length ? `; could not ask ${unreachable}` : '';
    throw new DomainError(ErrorCode.ServiceNotFound, `no definition for ${service}: no file ${where} and node(s) ${answered.join(', ')} do not know it${tail}`);
  }
}
