import { containerName } from '../../../domain/names/container-name';
import type { ServiceRecord, UnmanagedContainer } from '../../../domain/service/service-record';
import { type ServiceSpec } from '../../../domain/service/service-spec';
import { specOf } from '../../../domain/service/service-record';
import type { Health } from '../../../domain/state/health';
import { type DesiredState, type ObservedState, isDrift } from '../../../domain/state/states';

export interface ComponentView {
  readonly name: string;
  readonly container: string;
  readonly image: string;
  readonly version: string;
  readonly desired: DesiredState;
  readonly observed: ObservedState;
  readonly drift: boolean;
  readonly startedAt?: Date;
  readonly observedAt?: Date;
  /** Absent in answers of an agent older than health checks: read as none. */
  readonly health?: Health;
  /** Secrets the node holds a newer version of than the container got: a deploy applies them. */
  readonly changedSecrets?: readonly string[];
}

export interface ServiceView {
  readonly spec: ServiceSpec;
  readonly components: readonly ComponentView[];
}

export interface NodeView {
  readonly node: string;
  readonly services: readonly ServiceView[];
  readonly unmanaged: readonly UnmanagedContainer[];
  /** LiveCheck only: those of the references it was asked about the node holds no secret for (a deploy would be refused). */
  readonly missingSecrets?: readonly SecretRef[];
}

/** A component's reference to one of its service's secrets: a name, never a value. */
export interface SecretRef {
  readonly service: string;
  readonly name: string;
}

export function viewOf(record: ServiceRecord): ServiceView {
  return {
    spec: specOf(record),
    components: record.components.map((c) => ({
      name: c.spec.name,
      container: containerName(record.name, c.spec.name),
      image: c.spec.image,
      version: c.version,
      desired: c.desired,
      observed: c.observed,
      drift: isDrift(c.desired, c.observed),
      health: c.health ?? (c.spec.health ? 'starting' : 'none'),
      ...(c.startedAt ? { startedAt: c.startedAt } : {}),
      ...(c.observedAt ? { observedAt: c.observedAt } : {}),
    })),
  };
}
