import type { ContainerRuntime } from './ports/container-runtime.port';
import type { ServiceOutcome } from '../shared/results/component-outcome';
import type { ServiceLifecycle } from './support/service-lifecycle';

/** Desired stopped for every component, then stop the containers that exist. */
export class StopServiceUseCase {
  constructor(private readonly lifecycle: ServiceLifecycle, private readonly runtime: ContainerRuntime) {}

  execute(service: string): Promise<ServiceOutcome> {
    return this.lifecycle.apply(service, {
      active: () => false,
      desired: 'stopped',
      act: async (_service, _component, existing) => {
        if (existing) await this.runtime.stop(existing.name);
      },
    });
  }
}
