import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import type { SecretStore } from '../ports/secret-store.port';

const refuse = (): Promise<never> => Promise.reject(new DomainError(ErrorCode.Internal, 'this agent was built without a secret store'));

/** For agents assembled without one (tests of other parts): holds nothing, stores nothing. */
export const NO_SECRET_STORE: SecretStore = {
  put: refuse,
  list: () => Promise.resolve([]),
  read: () => Promise.resolve(undefined),
  remove: () => Promise.resolve(false),
  prune: () => Promise.resolve(),
};
