import type { AgentSettings } from './ports/agent-settings.port';
import type { Registry } from './ports/registry.port';
import { type NodeView, viewOf } from '../shared/results/service-view';

/** What the registry holds; never asks the runtime (cheap, works with podman down). */
export class ListServicesUseCase {
  constructor(private readonly registry: Registry, private readonly settings: Pick<AgentSettings, 'nodeName'>) {}

  async execute(): Promise<NodeView> {
    const [services, unmanaged] = await Promise.all([this.registry.listServices(), this.registry.listUnmanaged()]);
    return { node: this.settings.nodeName, services: services.map(viewOf), unmanaged };
  }
}
