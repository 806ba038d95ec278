import type { TransitionEvent } from '../../../domain/events/transition-event';
import { containerName } from '../../../domain/names/container-name';
import type { ServiceRecord } from '../../../domain/service/service-record';
import type { DesiredState, ObservedState } from '../../../domain/state/states';
import type { ContainerInfo } from '../ports/container-runtime.port';
import type { ObservedUpdate } from '../ports/registry.port';

export interface ObservedComponent {
  readonly service: string;
  readonly component: string;
  readonly container: string;
  readonly desired: DesiredState;
  readonly observed: ObservedState;
  readonly changed: boolean;
}

export interface ComponentsObservation {
  readonly components: ObservedComponent[];
  /** One per component, changed or not: observedAt says when it was last looked at. */
  readonly updates: ObservedUpdate[];
  readonly transitions: TransitionEvent[];
}

/**
 * Compares the registry with one listing of the node, by container name
 * (adopted containers carry no labels). A component whose container is
 * absent is `removed`.
 */
export function observeComponents(services: readonly ServiceRecord[], containers: readonly ContainerInfo[], now: Date): ComponentsObservation {
  const byName = new Map(containers.map((c) => [c.name, c]));
  const components: ObservedComponent[] = [];
  const updates: ObservedUpdate[] = [];
  const transitions: TransitionEvent[] = [];
  for (const service of services) {
    for (const record of service.components) {
      const component = record.spec.name;
      const container = containerName(service.name, component);
      const found = byName.get(container);
      const observed: ObservedState = found ? found.state : 'removed';
      const changed = observed !== record.observed;
      components.push({ service: service.name, component, container, desired: record.desired, observed, changed });
      updates.push({ service: service.name, component, observed, at: now, ...(found?.startedAt ? { startedAt: found.startedAt } : {}) });
      if (changed) transitions.push({ kind: 'transition', service: service.name, component, from: record.observed, to: observed, at: now });
    }
  }
  return { components, updates, transitions };
}

/** The records as they are once `updates` are written: what a fresh read would return. */
export function withUpdates(services: readonly ServiceRecord[], updates: readonly ObservedUpdate[]): ServiceRecord[] {
  const byKey = new Map(updates.map((u) => [`${u.service}/${u.component}`, u]));
  return services.map((s) => ({
    ...s,
    components: s.components.map((c) => {
      const u = byKey.get(`${s.name}/${c.spec.name}`);
      if (!u) return c;
      return { ...c, observed: u.observed, observedAt: u.at, ...(u.startedAt ? { startedAt: u.startedAt } : {}), ...(u.version !== undefined ? { version: u.version } : {}) };
    }),
  }));
}
