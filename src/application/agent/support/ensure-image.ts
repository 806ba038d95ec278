import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import type { PullPolicy } from '../../../domain/service/service-spec';
import type { ContainerRuntime } from '../ports/container-runtime.port';

/** Applies a component's pull policy: always pulls, pulls when missing, or never pulls. */
export async function ensureImage(runtime: ContainerRuntime, image: string, policy: PullPolicy): Promise<void> {
  if (policy === 'always') return runtime.pull(image);
  if (await runtime.hasImage(image)) return;
  if (policy === 'missing') return runtime.pull(image);
  throw new DomainError(ErrorCode.ImagePullFailed, `image ${image} is not on this node and pull = "never"`);
}
