import type { WhoAmI } from '../shared/results/who-am-i';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { NodeDirectory } from './ports/operator.ports';
import { type NodeResult, fanOut } from './support/fan-out';

/** `mcp whoami`: who the operator's token is on every node (user, role, scope); a node that fails gets its own row. */
export class WhoAmICommand {
  constructor(
    private readonly nodes: NodeDirectory,
    private readonly gateways: AgentGatewayFactory,
  ) {}

  async execute(): Promise<NodeResult<WhoAmI>[]> {
    return fanOut(this.gateways, await this.nodes.list(), (g) => g.whoami());
  }
}
