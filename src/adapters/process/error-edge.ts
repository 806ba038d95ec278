import { ErrorCode, isDomainError, messageOf } from '../../domain/errors/domain-error';

/** What both binaries exit with; scripts rely on these. 4 is `mcp plan --detailed-exitcode`'s "changes pending". */
export const ExitCode = { Ok: 0, Failed: 1, Usage: 2, Auth: 3, ChangesPending: 4 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

// A corrupt registry exits 2 too: retrying cannot help, and the unit's RestartPreventExitStatus=2 stops systemd's loop.
const USAGE: ReadonlySet<string> = new Set<string>([ErrorCode.InvalidName, ErrorCode.InvalidSpec, ErrorCode.InvalidPath, ErrorCode.InvalidArgument, ErrorCode.ExportUnsupported, ErrorCode.ConfigInvalid, ErrorCode.RegistryCorrupt]);
const AUTH: ReadonlySet<string> = new Set<string>([ErrorCode.Unauthenticated, ErrorCode.PermissionDenied]);

/**
 * The one map from an error code to an exit code: 2 the command, a file or
 * the config is wrong (retrying will not help), 3 the token is missing, invalid or lacks the role,
 * 1 anything else that failed.
 */
export function exitCodeFor(code: string | undefined): ExitCode {
  if (code === undefined) return ExitCode.Failed;
  if (USAGE.has(code)) return ExitCode.Usage;
  if (AUTH.has(code)) return ExitCode.Auth;
  return ExitCode.Failed;
}

export function isAuthFailure(code: string): boolean {
  return AUTH.has(code);
}

/**
 * Refusals the contract names by their code (roles, secrets, name
 * collisions, exports): the line ends with it, so the code an operator
 * reads in the docs is the one a script can search stderr for. Other
 * errors keep their line as it was; their exit code says what kind they are.
 */
const CODE_IN_LINE: ReadonlySet<string> = new Set<string>([ErrorCode.PermissionDenied, ErrorCode.NameCollision, ErrorCode.ContainerNotOurs, ErrorCode.SecretNotFound, ErrorCode.ExportUnsupported]);

/** The one line an error is: its message, and its code when the contract names it. */
export function failureLine(e: unknown): string {
  const message = oneLine(messageOf(e));
  if (!isDomainError(e) || !CODE_IN_LINE.has(e.code) || message.includes(e.code)) return message;
  return `${message} (${e.code})`;
}

/** Messages may quote a library's multi-line text; an operator's terminal gets one line. */
export function oneLine(message: string): string {
  return message.replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * The error edge of both binaries: one line on stderr naming the binary,
 * the stack only when asked for, and the exit code of the error's code.
 * Anything not a DomainError is unexpected and exits 1.
 */
export function reportFailure(binary: string, e: unknown, stderr: { write(text: string): void }, debug: boolean): ExitCode {
  stderr.write(`${binary}: ${failureLine(e)}\n`);
  if (debug && e instanceof Error && e.stack) stderr.write(`${e.stack}\n`);
  return exitCodeFor(isDomainError(e) ? e.code : undefined);
}
