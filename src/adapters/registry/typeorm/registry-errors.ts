import { DomainError, ErrorCode, isDomainError, messageOf } from '../../../domain/errors/domain-error';

/** Anything the database throws becomes one DomainError naming the file and the operation. */
export function registryFailure(dbPath: string, operation: string, e: unknown): DomainError {
  if (isDomainError(e)) return e;
  const detail = messageOf(e).split('\n')[0];
  return new DomainError(ErrorCode.Internal, `registry ${dbPath}: ${operation} failed: ${detail}`);
}
