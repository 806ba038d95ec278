import { assertValidName } from '../../domain/names/name.value';
import type { ServiceSpec } from '../../domain/service/service-spec';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { Editor, ServiceDefinitions } from './ports/operator.ports';
import { heldSpec } from './support/held-spec';
import type { NodeLocator } from './support/node-locator';

export interface ShownService {
  readonly node: string;
  /** The spec the agent holds: what actually runs. */
  readonly spec: ServiceSpec;
  readonly text: string;
}

/**
 * `mcp service show|edit <service>`. show reads the spec the agent recorded
 * (ListServices); edit opens the file, exporting it from the agent first when
 * there is none. `mcp service export` is ServiceExportCommand's.
 */
export class ServiceDefinitionCommand {
  constructor(
    private readonly locator: NodeLocator,
    private readonly definitions: ServiceDefinitions,
    private readonly gateways: AgentGatewayFactory,
    private readonly editor: Editor,
  ) {}

  async show(serviceName: string): Promise<ShownService> {
    const held = await heldSpec(this.locator, this.gateways, assertValidName('service', serviceName));
    return { ...held, text: this.definitions.render(held.spec) };
  }

  async export(serviceName: string, file?: string): Promise<{ node: string; path: string }> {
    const shown = await this.show(serviceName);
    const path = file ?? this.definitions.defaultPath(shown.spec.name);
    await this.definitions.export(path, shown.spec);
    return { node: shown.node, path };
  }

  async edit(serviceName: string, file?: string): Promise<{ path: string; exported: boolean; spec: ServiceSpec }> {
    const service = assertValidName('service', serviceName);
    const path = file ?? this.definitions.defaultPath(service);
    let exported = false;
    if (!(await this.definitions.exists(path))) {
      await this.export(service, path);
      exported = true;
    }
    await this.editor.edit(path);
    // Load it back so a slip in the editor is reported now, not at the next deploy.
    const spec = await this.definitions.load(path);
    return { path, exported, spec };
  }
}
