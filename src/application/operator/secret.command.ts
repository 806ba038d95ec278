import { assertValidName } from '../../domain/names/name.value';
import type { SecretListing } from '../shared/results/secret-listing';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { LocalFiles } from './ports/operator.ports';
import type { SecretInput } from './ports/secret-input.port';
import { withGateway } from './support/fan-out';
import type { NodeLocator } from './support/node-locator';

export interface SecretsOnNode {
  readonly service: string;
  readonly node: string;
  readonly secrets: readonly SecretListing[];
}

/**
 * `mcp secret set|list|rm <service>`: on the service's node (from its file,
 * else the one node that holds it). A value comes from a file or stdin,
 * goes to the agent once, and is never printed or kept.
 */
export class SecretCommand {
  constructor(
    private readonly locator: NodeLocator,
    private readonly files: LocalFiles,
    private readonly input: SecretInput,
    private readonly gateways: AgentGatewayFactory,
  ) {}

  async set(args: { service: string; name: string; fromFile?: string }): Promise<SecretsOnNode> {
    const service = assertValidName('service', args.service);
    const name = assertValidName('secret', args.name);
    const located = await this.locator.locate(service);
    const value = args.fromFile !== undefined ? (await this.files.read(args.fromFile)).content : await this.input.read(`value of secret ${name} for ${service}: `);
    const secret = await withGateway(this.gateways, located.node, (g) => g.setSecret({ service, name, value }));
    return { service, node: located.node.name, secrets: [secret] };
  }

  async list(serviceName: string): Promise<SecretsOnNode> {
    const service = assertValidName('service', serviceName);
    const located = await this.locator.locate(service);
    return { service, node: located.node.name, secrets: await withGateway(this.gateways, located.node, (g) => g.listSecrets(service)) };
  }

  async remove(args: { service: string; name: string }): Promise<{ service: string; node: string; name: string }> {
    const service = assertValidName('service', args.service);
    const name = assertValidName('secret', args.name);
    const located = await this.locator.locate(service);
    await withGateway(this.gateways, located.node, (g) => g.removeSecret({ service, name }));
    return { service, node: located.node.name, name };
  }
}
