import type { ContainerRuntime } from './ports/container-runtime.port';
import type { ServiceOutcome } from '../shared/results/component-outcome';
import type { ServiceLifecycle } from './support/service-lifecycle';
import { startOrRun } from './start-service.use-case';
import type { SecretStore } from './ports/secret-store.port';

/** Stop then start each component; `active` is left as it is (the file is not touched either). */
export class RestartServiceUseCase {
  constructor(
    private readonly lifecycle: ServiceLifecycle,
    private readonly runtime: ContainerRuntime,
    private readonly secrets?: SecretStore,
  ) {}

  execute(service: string): Promise<ServiceOutcome> {
    return this.lifecycle.apply(service, {
      active: (current) => current,
      desired: 'running',
      act: async (s, c, existing) => {
        if (existing?.state === 'running') await this.runtime.stop(existing.name);
        await startOrRun(this.runtime, s, c, existing ? { ...existing, state: 'exited' } : undefined, this.secrets);
      },
    });
  }
}
