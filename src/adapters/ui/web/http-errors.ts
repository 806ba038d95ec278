import { ErrorCode, isDomainError, messageOf } from '../../../domain/errors/domain-error';
import { oneLine } from '../../process/error-edge';
import type { ErrorBody } from './live-messages';

const STATUS: Readonly<Partial<Record<string, number>>> = {
  [ErrorCode.InvalidName]: 400,
  [ErrorCode.InvalidSpec]: 400,
  [ErrorCode.InvalidPath]: 400,
  [ErrorCode.InvalidArgument]: 400,
  [ErrorCode.ConfigInvalid]: 400,
  [ErrorCode.ServiceNotFound]: 404,
  [ErrorCode.ComponentNotFound]: 404,
  [ErrorCode.RevisionNotFound]: 404,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.PermissionDenied]: 403,
  [ErrorCode.NodeUnavailable]: 502,
};

/** What a route answers for anything thrown: the CLI's one line, never a stack. */
export function httpError(e: unknown): { status: number; body: ErrorBody } {
  const code = isDomainError(e) ? e.code : ErrorCode.Internal;
  return { status: STATUS[code] ?? 500, body: { error: oneLine(messageOf(e)), code } };
}
