import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { assertValidName } from '../../domain/names/name.value';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { ServiceOutcome } from '../shared/results/component-outcome';
import type { NodeDirectory } from './ports/operator.ports';
import { withGateway } from './support/fan-out';
import type { NodeLocator } from './support/node-locator';
import { nodeNamed } from './support/node-locator';

/** Env an adopted container carried, kept in its spec: names only. */
export interface EnvKept {
  readonly component: string;
  readonly keys: readonly string[];
}

/**
 * `mcp adopt <service> [--node N]`: the agent turns `<service>-*` containers
 * into components. Before adoption no node knows the service, so the node is
 * `--node`, else the definition file's, else the only configured node.
 */
export class AdoptCommand {
  constructor(
    private readonly nodes: NodeDirectory,
    private readonly locator: NodeLocator,
    private readonly gateways: AgentGatewayFactory,
  ) {}

  async execute(input: { service: string; node?: string }): Promise<{ node: string; outcome: ServiceOutcome; envKept?: EnvKept[] }> {
    const service = assertValidName('service', input.service);
    const node = await this.pickNode(service, input.node);
    const { outcome, envKept } = await withGateway(this.gateways, node, async (g) => {
      const adopted = await g.adopt(service);
      // Values found in env stay there (they are the user's); say which, since a secret is safer out of the spec.
      // Only the components adopted now: others of the service got their env from a file.
      const now = new Set(adopted.results.filter((r) => r.ok).map((r) => r.component));
      const held = now.size > 0 ? (await g.list()).services.find((s) => s.spec.name === service) : undefined;
      const kept = (held?.spec.components ?? [])
        .filter((c) => now.has(c.name) && Object.keys(c.env).length > 0)
        .map((c) => ({ component: c.name, keys: Object.keys(c.env).sort() }));
      return { outcome: adopted, envKept: kept };
    });
    // Nothing matched: most likely a typo, which must not pass for success.
    if (outcome.results.length === 0) {
      throw new DomainError(ErrorCode.ContainerNotFound, `adopt ${service}: node ${node.name} has no container named ${service} or ${service}-<component> that another service does not own`);
    }
    return { node: node.name, outcome, ...(envKept.length > 0 ? { envKept } : {}) };
  }

  private async pickNode(service: string, wanted?: string) {
    if (wanted !== undefined) return nodeNamed(this.nodes, assertValidName('node', wanted), '--node');
    const file = await this.locator.definition(service);
    if (file) return nodeNamed(this.nodes, file.spec.node, file.path);
    const all = await this.nodes.list();
    if (all.length === 1) return all[0]!;
    throw new DomainError(ErrorCode.InvalidArgument, `adopt ${service}: which node? there is no ${service} definition and ${this.nodes.where} has ${all.length} nodes; use --node <name>`);
  }
}
