import { ErrorCode } from '../../domain/errors/domain-error';
import { assertValidName } from '../../domain/names/name.value';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { NodeStatus } from '../shared/results/service-status';
import type { NodeView } from '../shared/results/service-view';
import type { NodeDirectory } from './ports/operator.ports';
import { type NodeResult, fanOut } from './support/fan-out';

/**
 * `mcp list`, `mcp ps`, `mcp status [<service>]`: every configured node is
 * asked at once; a node that fails gets its own row and the rest still count.
 */
export class ReadNodesCommand {
  constructor(
    private readonly nodes: NodeDirectory,
    private readonly gateways: AgentGatewayFactory,
  ) {}

  /** The registry only (ListServices): never touches a runtime. */
  async list(): Promise<NodeResult<NodeView>[]> {
    return fanOut(this.gateways, await this.nodes.list(), (g) => g.list());
  }

  /** A live check of every node (LiveCheck). */
  async ps(): Promise<NodeResult<NodeView>[]> {
    return fanOut(this.gateways, await this.nodes.list(), (g) => g.liveCheck());
  }

  /**
   * GetServiceStatus everywhere. With a service, a node that does not hold
   * it answers SERVICE_NOT_FOUND: that is not a failure as long as some node
   * holds it, so those rows are dropped; if none does, they all stay.
   */
  async status(input: { service?: string; eventLimit?: number } = {}): Promise<NodeResult<NodeStatus>[]> {
    const service = input.service !== undefined ? assertValidName('service', input.service) : undefined;
    const rows = await fanOut(this.gateways, await this.nodes.list(), (g) => g.status({ ...(service ? { service } : {}), ...(input.eventLimit ? { eventLimit: input.eventLimit } : {}) }));
    if (!service) return rows;
    const notFound = (r: NodeResult<NodeStatus>): boolean => !r.ok && r.error.code === ErrorCode.ServiceNotFound;
    const found = rows.some((r) => r.ok);
    return found ? rows.filter((r) => !notFound(r)) : rows;
  }
}
