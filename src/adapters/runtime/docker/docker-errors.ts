import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';

/** What a failed Docker Engine API call looks like, from dockerode (HTTP status) or Node (socket errors). */
export interface EngineFailure {
  /** ENOENT (no socket), EACCES (permission denied), ECONNREFUSED (nobody listening)... */
  readonly code?: string;
  /** The HTTP status the engine answered with. */
  readonly statusCode?: number;
  /** The engine's own message (its JSON body's "message"), or Node's. */
  readonly message: string;
}

/** Which kind of call failed: decides what a 404 means. */
export type CallKind = 'container' | 'image' | 'pull' | 'other';

/** The API version this adapter speaks: dockerd ≥ 20.10 and podman ≥ 4 both serve it. */
export const API_VERSION = '1.41';

const UNREACHABLE: Readonly<Record<string, string>> = {
  ENOENT: 'socket missing',
  ECONNREFUSED: 'nothing listens on it',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTSOCK: 'not a socket',
};

/** Reads dockerode's error: status code, and the engine's message without dockerode's "(HTTP code …) … -" wrapping. */
export function engineFailure(e: unknown): EngineFailure {
  const err = (e ?? {}) as { code?: unknown; statusCode?: unknown; json?: unknown; message?: unknown };
  const json = err.json as { message?: unknown } | null | undefined;
  const fromJson = json !== null && typeof json === 'object' && typeof json.message === 'string' ? json.message : undefined;
  const raw = typeof err.message === 'string' ? err.message : String(e);
  const message = (fromJson ?? raw.replace(/^\(HTTP code \d+\) [^-]*- /, '')).trim();
  return {
    message,
    ...(typeof err.code === 'string' ? { code: err.code } : {}),
    ...(typeof err.statusCode === 'number' ? { statusCode: err.statusCode } : {}),
  };
}

/** "client version 1.41 is too old. Minimum supported API version is 1.44" (or "too new ... Maximum"). */
function versionMismatch(message: string): boolean {
  return /client version .* is too (old|new)/i.test(message);
}

/** Maps one failed API call to the same domain errors the podman adapter gives, naming the socket when the engine is out of reach. */
export function toDomainError(e: unknown, what: string, socket: string, kind: CallKind): DomainError {
  if (e instanceof DomainError) return e;
  const f = engineFailure(e);
  const unreachable = f.code !== undefined ? UNREACHABLE[f.code] : undefined;
  if (unreachable !== undefined) {
    return new DomainError(ErrorCode.RuntimeUnavailable, `${what}: no Docker engine at ${socket} (${unreachable}): start it or fix [agent] runtime_socket`);
  }
  if (versionMismatch(f.message)) {
    return new DomainError(ErrorCode.RuntimeUnavailable, `${what}: the Docker engine at ${socket} does not speak API ${API_VERSION}: ${f.message}`);
  }
  const detail = f.message !== '' ? f.message : `the engine at ${socket} answered HTTP ${f.statusCode ?? '?'}`;
  if (kind === 'pull') return new DomainError(ErrorCode.ImagePullFailed, `${what}: ${detail}`);
  if (f.statusCode === 404 && kind === 'container') return new DomainError(ErrorCode.ContainerNotFound, `${what}: ${detail}`);
  return new DomainError(ErrorCode.RuntimeFailed, `${what}: ${detail}`);
}
