import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';

/** The metadata key that carries the stable domain code next to the gRPC status. */
export const ERROR_CODE_KEY = 'mcp-error-code';

const STATUS_OF: Readonly<Record<ErrorCode, status>> = {
  INVALID_NAME: status.INVALID_ARGUMENT,
  INVALID_SPEC: status.INVALID_ARGUMENT,
  INVALID_PATH: status.INVALID_ARGUMENT,
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  EXPORT_UNSUPPORTED: status.INVALID_ARGUMENT,
  SERVICE_NOT_FOUND: status.NOT_FOUND,
  COMPONENT_NOT_FOUND: status.NOT_FOUND,
  CONTAINER_NOT_FOUND: status.NOT_FOUND,
  FILE_NOT_FOUND: status.NOT_FOUND,
  WRONG_NODE: status.FAILED_PRECONDITION,
  SERVICE_INACTIVE: status.FAILED_PRECONDITION,
  ALREADY_OWNED: status.FAILED_PRECONDITION,
  FILE_TOO_LARGE: status.RESOURCE_EXHAUSTED,
  IMAGE_PULL_FAILED: status.UNAVAILABLE,
  RUNTIME_FAILED: status.INTERNAL,
  RUNTIME_UNAVAILABLE: status.UNAVAILABLE,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  IDENTITY_UNAVAILABLE: status.UNAVAILABLE,
  CONFIG_INVALID: status.FAILED_PRECONDITION,
  NODE_UNAVAILABLE: status.UNAVAILABLE,
  REGISTRY_CORRUPT: status.DATA_LOSS,
  INTERNAL: status.INTERNAL,
  CLIENT_TOO_SLOW: status.RESOURCE_EXHAUSTED,
  HEALTH_CHECK_FAILED: status.FAILED_PRECONDITION,
  CONTAINER_EXITED: status.FAILED_PRECONDITION,
  DEPLOY_UNDONE: status.ABORTED,
  REVISION_NOT_FOUND: status.NOT_FOUND,
  IMAGE_UNAVAILABLE: status.FAILED_PRECONDITION,
  // Depends on what else the node holds, not on the request alone.
  NAME_COLLISION: status.FAILED_PRECONDITION,

  SECRET_NOT_FOUND: status.FAILED_PRECONDITION,
  SECRET_IN_USE: status.FAILED_PRECONDITION,
  CONTAINER_NOT_OURS: status.FAILED_PRECONDITION,
};

/** The one place a domain error becomes a gRPC status (agent side). */
export function toGrpcError(e: unknown): Partial<ServiceError> {
  const domain = e instanceof DomainError ? e : new DomainError(ErrorCode.Internal, `internal error: ${messageOf(e)}`);
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_KEY, domain.code);
  return { code: STATUS_OF[domain.code] ?? status.INTERNAL, details: domain.message, metadata };
}

const CODE_OF_STATUS: Partial<Record<status, ErrorCode>> = {
  [status.INVALID_ARGUMENT]: ErrorCode.InvalidArgument,
  [status.NOT_FOUND]: ErrorCode.ServiceNotFound,
  [status.UNAUTHENTICATED]: ErrorCode.Unauthenticated,
  [status.PERMISSION_DENIED]: ErrorCode.PermissionDenied,
  [status.RESOURCE_EXHAUSTED]: ErrorCode.FileTooLarge,
  [status.UNAVAILABLE]: ErrorCode.NodeUnavailable,
  [status.DEADLINE_EXCEEDED]: ErrorCode.NodeUnavailable,
  [status.DATA_LOSS]: ErrorCode.RegistryCorrupt,
};

/**
 * gRPC's own size refusal, by either end's message limit: RESOURCE_EXHAUSTED
 * without a domain code, so the request never reached the agent's use case.
 */
export function isTransportSizeLimit(e: unknown): boolean {
  const err = e as Partial<ServiceError>;
  return err?.code === status.RESOURCE_EXHAUSTED && (err.metadata?.get(ERROR_CODE_KEY).length ?? 0) === 0;
}

/** The one place a gRPC failure becomes a domain error again (CLI side); `node` names who answered. */
export function fromGrpcError(e: unknown, node: string): DomainError {
  const err = e as Partial<ServiceError>;
  if (typeof err?.code !== 'number') return new DomainError(ErrorCode.Internal, `node ${node}: ${messageOf(e)}`);
  const carried = err.metadata?.get(ERROR_CODE_KEY)[0];
  const code = (typeof carried === 'string' && carried in STATUS_OF ? carried : CODE_OF_STATUS[err.code] ?? ErrorCode.Internal) as ErrorCode;
  const message = err.details || err.message || 'no detail';
  return new DomainError(code, code === ErrorCode.NodeUnavailable && !carried ? `node ${node} unavailable: ${message}` : `node ${node}: ${message}`);
}
