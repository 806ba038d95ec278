import { assertValidName } from '../../domain/names/name.value';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { LocalFiles } from './ports/operator.ports';
import { withGateway } from './support/fan-out';
import type { NodeLocator } from './support/node-locator';
import { baseName } from './support/service-target';

/** `mcp push` / `mcp pull`: files under the service's directory on its node. */
export class FileTransferCommand {
  constructor(
    private readonly locator: NodeLocator,
    private readonly files: LocalFiles,
    private readonly gateways: AgentGatewayFactory,
  ) {}

  async push(input: { localFile: string; service: string; path?: string }): Promise<{ node: string; path: string; size: number }> {
    const service = assertValidName('service', input.service);
    const path = input.path ?? baseName(input.localFile);
    const local = await this.files.read(input.localFile);
    const located = await this.locator.locate(service);
    const written = await withGateway(this.gateways, located.node, (g) => g.push({ service, path, content: local.content, mode: local.mode }));
    return { node: located.node.name, path: written.path, size: written.size };
  }

  async pull(input: { service: string; path: string; localFile?: string }): Promise<{ node: string; localFile: string; size: number; mode: number }> {
    const service = assertValidName('service', input.service);
    const localFile = input.localFile ?? baseName(input.path);
    const located = await this.locator.locate(service);
    const file = await withGateway(this.gateways, located.node, (g) => g.pull({ service, path: input.path }));
    await this.files.write(localFile, { content: file.content, mode: file.mode });
    return { node: located.node.name, localFile, size: file.content.length, mode: file.mode };
  }
}
