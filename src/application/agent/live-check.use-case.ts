import type { AgentSettings } from './ports/agent-settings.port';
import type { Clock } from '../shared/ports/clock.port';
import type { ContainerRuntime } from './ports/container-runtime.port';
import type { Registry } from './ports/registry.port';
import { observeComponents, withUpdates } from './support/observe-components';
import { unmanagedContainers } from './support/unmanaged-containers';
import { type NodeView, type SecretRef, viewOf } from '../shared/results/service-view';
import type { SecretStore } from './ports/secret-store.port';
import { missingSecrets, withSecretChanges } from './secrets/secret-changes';

/**
 * Asks the runtime once for the whole node and brings the registry up to
 * date, recording a transition event for every change it sees (so the
 * monitor's history has no holes when a person looked first). `secretRefs`
 * (mcp plan): the answer also names those the node holds no secret for.
 */
export class LiveCheckUseCase {
  constructor(
    private readonly registry: Registry,
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    private readonly settings: Pick<AgentSettings, 'nodeName'>,
    private readonly secrets?: SecretStore,
  ) {}

  async execute(input: { secretRefs?: readonly SecretRef[] } = {}): Promise<NodeView> {
    const [services, containers] = await Promise.all([this.registry.listServices(), this.runtime.list()]);
    const seen = observeComponents(services, containers, this.clock.now());
    const unmanaged = unmanagedContainers(services, containers);
    await this.registry.updateObserved(seen.updates);
    if (seen.transitions.length > 0) await this.registry.addEvents(seen.transitions);
    await this.registry.replaceUnmanaged(unmanaged);
    const view = { node: this.settings.nodeName, services: withUpdates(services, seen.updates).map(viewOf), unmanaged };
    const answer = await withSecretChanges(view, this.registry, this.secrets);
    if (!input.secretRefs || input.secretRefs.length === 0) return answer;
    return { ...answer, missingSecrets: await missingSecrets(input.secretRefs, this.secrets) };
  }
}
