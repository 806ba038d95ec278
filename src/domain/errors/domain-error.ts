/**
 * Every expected failure carries one of these codes. They are part of the
 * contract: the gRPC adapter maps them to a status once, the CLI maps them to
 * an exit code once, and scripts may match on them.
 */
export const ErrorCode = {
  InvalidName: 'INVALID_NAME',
  InvalidSpec: 'INVALID_SPEC',
  InvalidPath: 'INVALID_PATH',
  InvalidArgument: 'INVALID_ARGUMENT',
  ExportUnsupported: 'EXPORT_UNSUPPORTED',
  ServiceNotFound: 'SERVICE_NOT_FOUND',
  ComponentNotFound: 'COMPONENT_NOT_FOUND',
  ContainerNotFound: 'CONTAINER_NOT_FOUND',
  FileNotFound: 'FILE_NOT_FOUND',
  WrongNode: 'WRONG_NODE',
  ServiceInactive: 'SERVICE_INACTIVE',
  AlreadyOwned: 'ALREADY_OWNED',
  FileTooLarge: 'FILE_TOO_LARGE',
  ImagePullFailed: 'IMAGE_PULL_FAILED',
  RuntimeFailed: 'RUNTIME_FAILED',
  RuntimeUnavailable: 'RUNTIME_UNAVAILABLE',
  Unauthenticated: 'UNAUTHENTICATED',
  PermissionDenied: 'PERMISSION_DENIED',
  IdentityUnavailable: 'IDENTITY_UNAVAILABLE',
  ConfigInvalid: 'CONFIG_INVALID',
  NodeUnavailable: 'NODE_UNAVAILABLE',
  RegistryCorrupt: 'REGISTRY_CORRUPT',
  Internal: 'INTERNAL',
  ClientTooSlow: 'CLIENT_TOO_SLOW',
  /** A new container failed its deploy gate: its check never passed within start_period. */
  HealthCheckFailed: 'HEALTH_CHECK_FAILED',
  /** A new container stopped running before its deploy gate passed. */
  ContainerExited: 'CONTAINER_EXITED',
  /** The deploy failed elsewhere and this component was put back as it was. */
  DeployUndone: 'DEPLOY_UNDONE',
  RevisionNotFound: 'REVISION_NOT_FOUND',
  ImageUnavailable: 'IMAGE_UNAVAILABLE',
  /** Two services of one node would name the same container (`a` + `b-c` vs `a-b` + `c`). */
  NameCollision: 'NAME_COLLISION',

  /** A component references a secret the node does not hold (deploy refused before any pull). */
  SecretNotFound: 'SECRET_NOT_FOUND',
  /** `mcp secret rm` of a secret a component's spec still uses. */
  SecretInUse: 'SECRET_IN_USE',
  /** A container a deploy would stop, rename or remove belongs to another service, or carries no MCP labels. */
  ContainerNotOurs: 'CONTAINER_NOT_OURS',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** The message of anything thrown, without assuming it is an Error. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
