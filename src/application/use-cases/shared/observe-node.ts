import type { TransitionEvent } from '../../../domain/events/transition-event';
import { containerName } from '../../../domain/names/container-name';
import { LABEL_SERVICE } from '../../../domain/service/container-spec';
import type { ServiceRecord, UnmanagedContainer } from '../../../domain/service/service-record';
import type { ObservedState } from '../../../domain/state/states';
import type { ContainerInfo } from '../../ports/container-runtime.port';
import type { ObservedUpdate } from '../../ports/registry.port';

export interface NodeObservation {
  /** One update per component, changed or not (observedAt moves forward). */
  readonly updates: ObservedUpdate[];
  /** Only the components whose observed state changed. */
  readonly transitions: TransitionEvent[];
  readonly unmanaged: UnmanagedContainer[];
}

/**
 * Compares what the registry holds with one listing of the node. A component
 * whose container is absent is `removed`.
 */
export function observeNode(services: readonly ServiceRecord[], containers: readonly ContainerInfo[], now: Date): NodeObservation {
  const byName = new Map(containers.map((c) => [c.name, c]));
  const updates: ObservedUpdate[] = [];
  const transitions: TransitionEvent[] = [];

  for (const service of services) {
    for (const component of service.components) {
      const name = containerName(service.name, component.spec.name);
      const container = byName.get(name);
      const observed: ObservedState = container ? container.state : 'removed';
      updates.push({
        service: service.name,
        component: component.spec.name,
        observed,
        at: now,
        ...(container?.startedAt ? { startedAt: container.startedAt } : {}),
      });
      if (observed !== component.observed) {
        transitions.push({ service: service.name, component: component.spec.name, from: component.observed, to: observed, at: now });
      }
    }
  }

  return { updates, transitions, unmanaged: unmanagedContainers(services, containers) };
}

/** Containers that are no service's component and carry no label of a known service. */
export function unmanagedContainers(services: readonly ServiceRecord[], containers: readonly ContainerInfo[]): UnmanagedContainer[] {
  const owned = new Set(services.flatMap((s) => s.components.map((c) => containerName(s.name, c.spec.name))));
  const known = new Set(services.map((s) => s.name));
  return containers
    .filter((c) => !owned.has(c.name) && !known.has(c.labels[LABEL_SERVICE] ?? ''))
    .map((c) => ({ name: c.name, image: c.image, observed: c.state }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
