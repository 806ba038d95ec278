import type { Health } from '../state/health';
import type { DesiredState, ObservedState } from '../state/states';
import type { ComponentSpec, ServiceSpec } from './service-spec';

/** A component as the agent holds it: what was asked for and what was last seen. */
export interface ComponentRecord {
  readonly spec: ComponentSpec;
  readonly desired: DesiredState;
  readonly observed: ObservedState;
  /** Version (image tag) of the container last deployed or adopted. */
  readonly version: string;
  readonly observedAt?: Date;
  readonly startedAt?: Date;
  /** The last verdict of its check; absent = not judged yet (starting) or no check (none). */
  readonly health?: Health;
  /**
   * Its container was made by hand and taken in by `mcp adopt`, and no
   * deploy has replaced it since: it carries no MCP labels, and is still
   * MCP's to replace. A deploy's own containers are known by their labels.
   */
  readonly adopted?: true;
}

export interface ServiceRecord {
  readonly name: string;
  readonly node: string;
  readonly active: boolean;
  readonly components: readonly ComponentRecord[];
}

/** A container on the node that belongs to no service: recorded with desired `ignore`. */
export interface UnmanagedContainer {
  readonly name: string;
  readonly image: string;
  readonly observed: ObservedState;
}

export function specOf(record: ServiceRecord): ServiceSpec {
  return { name: record.name, node: record.node, active: record.active, components: record.components.map((c) => c.spec) };
}

export function newComponentRecord(spec: ComponentSpec, desired: DesiredState): ComponentRecord {
  return { spec, desired, observed: 'unknown', version: '' };
}
