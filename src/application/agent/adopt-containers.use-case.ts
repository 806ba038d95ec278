import { imageVersion } from '../../domain/image/image-version';
import { componentFromContainerName, containerName } from '../../domain/names/container-name';
import { assertValidName } from '../../domain/names/name.value';
import { LABEL_SERVICE } from '../../domain/service/container-spec';
import type { ComponentRecord, ServiceRecord } from '../../domain/service/service-record';
import { type ComponentSpec, createServiceSpec } from '../../domain/service/service-spec';
import type { AgentSettings } from './ports/agent-settings.port';
import type { Clock } from '../shared/ports/clock.port';
import type { ContainerDetails, ContainerRuntime } from './ports/container-runtime.port';
import type { Registry } from './ports/registry.port';
import { type ComponentOutcome, type ServiceOutcome, outcomeError } from '../shared/results/component-outcome';
import type { KeyedLock } from './support/keyed-lock';
import { unmanagedContainers } from './support/unmanaged-containers';

/**
 * Takes containers made by hand into a service: `<service>-<x>` becomes
 * component `x`, a container named exactly `<service>` becomes component
 * `<service>`. The runtime's view of each container (image, ports, volumes,
 * network, user, cmd, env) becomes the recorded spec, so an export writes
 * back what is really running. Containers another service owns are skipped.
 */
export class AdoptContainersUseCase {
  constructor(
    private readonly registry: Registry,
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    private readonly lock: KeyedLock,
    private readonly settings: Pick<AgentSettings, 'nodeName'>,
  ) {}

  async execute(serviceName: string): Promise<ServiceOutcome> {
    const service = assertValidName('service', serviceName);
    return this.lock.run(service, async () => {
      const all = await this.registry.listServices();
      const ownedElsewhere = new Set(all.filter((s) => s.name !== service).flatMap((s) => s.components.map((c) => containerName(s.name, c.spec.name))));
      const listing = await this.runtime.list();
      const candidates = listing.filter(
        (c) =>
          componentFromContainerName(service, c.name) !== undefined &&
          !ownedElsewhere.has(c.name) &&
          (c.labels[LABEL_SERVICE] ?? service) === service,
      );
      const details = await this.runtime.inspect(candidates.map((c) => c.name));

      const existing = all.find((s) => s.name === service);
      const components = new Map<string, ComponentRecord>((existing?.components ?? []).map((c) => [c.spec.name, c]));
      const results: ComponentOutcome[] = [];
      const now = this.clock.now();
      for (const d of details) {
        const component = componentFromContainerName(service, d.name)!;
        try {
          const spec = specFromContainer(service, component, d, this.settings.nodeName);
          const desired = d.state === 'running' ? 'running' : 'stopped';
          components.set(component, {
            spec,
            desired,
            observed: d.state,
            version: imageVersion(d.image),
            observedAt: now,
            ...(d.startedAt ? { startedAt: d.startedAt } : {}),
            adopted: true,
          });
          results.push({ component, container: d.name, ok: true, desired, observed: d.state, version: imageVersion(d.image) });
        } catch (e) {
          results.push({ component, container: d.name, ok: false, error: outcomeError(e) });
        }
      }
      if (results.some((r) => r.ok)) {
        const list = [...components.values()];
        const record: ServiceRecord = {
          name: service,
          node: this.settings.nodeName,
          active: existing?.active ?? list.some((c) => c.desired === 'running'),
          components: list,
        };
        await this.registry.saveService(record);
        const held = await this.registry.listServices();
        // Adoption changes ownership, not containers: the listing above still holds.
        await this.registry.replaceUnmanaged(unmanagedContainers(held, listing));
      }
      return { service, results };
    });
  }
}

/** Validates what the runtime reports through the same gate as a file: nothing odd gets recorded. */
function specFromContainer(service: string, component: string, d: ContainerDetails, node: string): ComponentSpec {
  const spec = createServiceSpec(
    {
      name: service,
      node,
      components: [
        {
          name: component,
          image: d.image,
          ports: d.ports,
          volumes: d.volumes,
          cmd: d.cmd,
          env: d.env,
          pull: 'missing',
          ...(d.restart ? { restart: d.restart } : {}),
          ...(d.network ? { network: d.network } : {}),
          ...(d.user ? { user: d.user } : {}),
        },
      ],
    },
    `container ${d.name}`,
  );
  return spec.components[0]!;
}
