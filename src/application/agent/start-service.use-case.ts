import { toContainerSpec } from '../../domain/service/container-spec';
import type { ComponentRecord, ServiceRecord } from '../../domain/service/service-record';
import type { ContainerDetails, ContainerRuntime } from './ports/container-runtime.port';
import type { ServiceOutcome } from '../shared/results/component-outcome';
import { ensureImage } from './support/ensure-image';
import { resolveSecretMaterial, withSecrets } from './deploy/secret-material';
import type { SecretStore } from './ports/secret-store.port';
import type { ServiceLifecycle } from './support/service-lifecycle';

/** Starts a container that exists, or runs it again from the recorded spec when it was removed. */
export async function startOrRun(
  runtime: ContainerRuntime,
  service: ServiceRecord,
  component: ComponentRecord,
  existing: ContainerDetails | undefined,
  secrets?: SecretStore,
): Promise<void> {
  if (existing) {
    if (existing.state !== 'running') await runtime.start(existing.name);
    return;
  }
  // Run again from the spec: with the current version of each secret it uses, checked before the pull.
  const material = await resolveSecretMaterial(secrets, service.name, service.node, [component.spec]);
  await ensureImage(runtime, component.spec.image, component.spec.pull === 'always' ? 'missing' : component.spec.pull);
  await runtime.run(withSecrets(toContainerSpec(service.name, component.spec), material.get(component.spec.name)));
}

/** Desired running for every component, then start (or re-run) each. */
export class StartServiceUseCase {
  constructor(
    private readonly lifecycle: ServiceLifecycle,
    private readonly runtime: ContainerRuntime,
    private readonly secrets?: SecretStore,
  ) {}

  execute(service: string): Promise<ServiceOutcome> {
    return this.lifecycle.apply(service, {
      active: () => true,
      desired: 'running',
      act: (s, c, existing) => startOrRun(this.runtime, s, c, existing, this.secrets),
    });
  }
}
