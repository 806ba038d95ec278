import { assertValidName } from '../../domain/names/name.value';
import type { ServiceHistory } from '../shared/results/history';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import { withGateway } from './support/fan-out';
import type { NodeLocator } from './support/node-locator';

/** `mcp history <service>`: the service's node (from its file, else the one node that holds it) answers. */
export class HistoryCommand {
  constructor(
    private readonly locator: NodeLocator,
    private readonly gateways: AgentGatewayFactory,
  ) {}

  async execute(serviceName: string): Promise<ServiceHistory> {
    const service = assertValidName('service', serviceName);
    const located = await this.locator.locate(service);
    return withGateway(this.gateways, located.node, (g) => g.history(service));
  }
}
