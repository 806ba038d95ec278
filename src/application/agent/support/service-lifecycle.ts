import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { containerName } from '../../../domain/names/container-name';
import { assertValidName } from '../../../domain/names/name.value';
import type { ComponentRecord, ServiceRecord } from '../../../domain/service/service-record';
import type { DesiredState } from '../../../domain/state/states';
import type { Clock } from '../../shared/ports/clock.port';
import type { ContainerDetails, ContainerRuntime } from '../ports/container-runtime.port';
import type { Registry } from '../ports/registry.port';
import { type ComponentOutcome, type ServiceOutcome, outcomeError } from '../../shared/results/component-outcome';
import type { KeyedLock } from './keyed-lock';

export interface LifecyclePlan {
  readonly active: (current: boolean) => boolean;
  readonly desired: DesiredState;
  /** Acts on one component; `existing` is its container as one inspect saw it before. */
  readonly act: (service: ServiceRecord, component: ComponentRecord, existing: ContainerDetails | undefined) => Promise<void>;
}

/**
 * The shape stop, start and restart share: record the new desired state
 * first (so the monitor judges against it), act per component, then one
 * inspect and one registry batch for what came of it.
 */
export class ServiceLifecycle {
  constructor(
    private readonly registry: Registry,
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    private readonly lock: KeyedLock,
  ) {}

  async apply(serviceName: string, plan: LifecyclePlan): Promise<ServiceOutcome> {
    const name = assertValidName('service', serviceName);
    return this.lock.run(name, async () => {
      const service = await this.registry.getService(name);
      if (!service) throw new DomainError(ErrorCode.ServiceNotFound, `service ${name} is not known on this node`);
      const updated: ServiceRecord = {
        ...service,
        active: plan.active(service.active),
        components: service.components.map((c) => ({ ...c, desired: plan.desired })),
      };
      await this.registry.saveService(updated);

      const names = updated.components.map((c) => containerName(name, c.spec.name));
      const before = new Map((await this.runtime.inspect(names)).map((c) => [c.name, c]));
      const results: ComponentOutcome[] = [];
      for (const component of updated.components) {
        const container = containerName(name, component.spec.name);
        try {
          await plan.act(updated, component, before.get(container));
          results.push({ component: component.spec.name, container, ok: true, desired: plan.desired });
        } catch (e) {
          results.push({ component: component.spec.name, container, ok: false, desired: plan.desired, error: outcomeError(e) });
        }
      }

      const after = new Map((await this.runtime.inspect(names)).map((c) => [c.name, c]));
      const now = this.clock.now();
      const final = results.map((r) => ({ ...r, observed: after.get(r.container)?.state ?? ('removed' as const) }));
      await this.registry.updateObserved(
        final.map((r) => {
          const startedAt = after.get(r.container)?.startedAt;
          return { service: name, component: r.component, observed: r.observed, at: now, ...(startedAt ? { startedAt } : {}) };
        }),
      );
      return { service: name, results: final };
    });
  }
}
