import { DomainError, ErrorCode, messageOf } from '../../domain/errors/domain-error';

/** Exit codes shared by both binaries: 0 ok, 1 failed, 2 usage/config, 3 auth. */
export const EXIT = { ok: 0, failed: 1, usage: 2, auth: 3 } as const;

const USAGE_CODES: ReadonlySet<string> = new Set([
  ErrorCode.ConfigInvalid,
  ErrorCode.InvalidName,
  ErrorCode.InvalidSpec,
  ErrorCode.InvalidPath,
  ErrorCode.InvalidArgument,
]);
const AUTH_CODES: ReadonlySet<string> = new Set([ErrorCode.Unauthenticated, ErrorCode.PermissionDenied]);

export function exitCodeOf(e: unknown): number {
  if (!(e instanceof DomainError)) return EXIT.failed;
  if (USAGE_CODES.has(e.code)) return EXIT.usage;
  if (AUTH_CODES.has(e.code)) return EXIT.auth;
  return EXIT.failed;
}

/** One line on stderr; the stack only when asked for. */
export function reportFailure(program: string, e: unknown, debug: boolean): number {
  process.stderr.write(`${program}: ${messageOf(e).split('\n')[0]}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  return exitCodeOf(e);
}
