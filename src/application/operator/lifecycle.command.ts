import { assertValidName } from '../../domain/names/name.value';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { ServiceOutcome } from '../shared/results/component-outcome';
import type { ServiceDefinitions } from './ports/operator.ports';
import { withGateway } from './support/fan-out';
import type { NodeLocator } from './support/node-locator';

export type LifecycleAction = 'stop' | 'start' | 'restart';

export interface LifecycleResult {
  readonly node: string;
  readonly action: LifecycleAction;
  /** The definition whose `active` was set, or undefined when there was no file (or on restart). */
  readonly fileUpdated?: string;
  readonly outcome: ServiceOutcome;
}

/**
 * `mcp stop|start|restart <service>`. stop/start first flip `active` in the
 * definition (so the file stays the truth, and a later sync agrees), then
 * call the agent. Without a file only the agent is told: there is nothing to
 * keep in step, and the agent's record carries the state. restart never
 * touches the file.
 */
export class LifecycleCommand {
  constructor(
    private readonly locator: NodeLocator,
    private readonly definitions: ServiceDefinitions,
    private readonly gateways: AgentGatewayFactory,
  ) {}

  async execute(action: LifecycleAction, serviceName: string): Promise<LifecycleResult> {
    const service = assertValidName('service', serviceName);
    const located = await this.locator.locate(service);
    let fileUpdated: string | undefined;
    if (located.file && action !== 'restart') {
      await this.definitions.setActive(located.file.path, action === 'start');
      fileUpdated = located.file.path;
    }
    const outcome = await withGateway(this.gateways, located.node, (g) =>
      action === 'stop' ? g.stop(service) : action === 'start' ? g.start(service) : g.restart(service),
    );
    return { node: located.node.name, action, outcome, ...(fileUpdated !== undefined ? { fileUpdated } : {}) };
  }
}
