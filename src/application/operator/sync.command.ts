import type { ServiceSpec } from '../../domain/service/service-spec';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { SyncResult } from '../shared/results/sync-result';
import type { NodeDirectory, ServiceDefinitions } from './ports/operator.ports';
import { type NodeResult, fanOut } from './support/fan-out';
import { nodeNamed } from './support/node-locator';

/**
 * `mcp sync`: every definition, grouped by its `node`; each configured agent
 * gets exactly its own (possibly none, which still lets it report what it
 * holds and record unmanaged containers). A definition naming an unknown
 * node stops everything before anything is sent.
 */
export class SyncCommand {
  constructor(
    private readonly nodes: NodeDirectory,
    private readonly definitions: ServiceDefinitions,
    private readonly gateways: AgentGatewayFactory,
  ) {}

  async execute(): Promise<NodeResult<SyncResult>[]> {
    const all = await this.definitions.loadAll();
    const nodes = await this.nodes.list();
    const byNode = new Map<string, ServiceSpec[]>(nodes.map((n) => [n.name, []]));
    for (const { path, spec } of all) {
      await nodeNamed(this.nodes, spec.node, path);
      byNode.get(spec.node)!.push(spec);
    }
    return fanOut(this.gateways, nodes, (g, node) => g.sync(byNode.get(node.name) ?? []));
  }
}
