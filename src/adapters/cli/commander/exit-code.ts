import type { NodeResult } from '../../../application/operator/support/fan-out';
import type { ServiceOutcome } from '../../../application/shared/results/component-outcome';
import { ErrorCode } from '../../../domain/errors/domain-error';

export const ExitCode = { Ok: 0, Failed: 1, Usage: 2, Auth: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

// A corrupt registry is here too: retrying cannot help, and systemd's RestartPreventExitStatus=2 stops the loop.
const USAGE: ReadonlySet<string> = new Set<string>([ErrorCode.InvalidName, ErrorCode.InvalidSpec, ErrorCode.InvalidPath, ErrorCode.InvalidArgument, ErrorCode.ConfigInvalid, ErrorCode.RegistryCorrupt]);
const AUTH: ReadonlySet<string> = new Set<string>([ErrorCode.Unauthenticated, ErrorCode.PermissionDenied]);

/**
 * The one map from an error code to the process's exit code: 2 the command,
 * the config or a file it names is wrong (retrying will not help), 3 the token is missing, invalid or lacks the role,
 * 1 anything else that failed.
 */
export function exitCodeFor(code: string | undefined): ExitCode {
  if (code === undefined) return ExitCode.Failed;
  if (USAGE.has(code)) return ExitCode.Usage;
  if (AUTH.has(code)) return ExitCode.Auth;
  return ExitCode.Failed;
}

/** Any failed component fails the command. */
export function exitCodeOfOutcome(outcome: ServiceOutcome): ExitCode {
  return outcome.results.every((r) => r.ok) ? ExitCode.Ok : ExitCode.Failed;
}

/** Any node error row fails the command; if every failed row is an auth failure, say so (3). */
export function exitCodeOfRows(rows: readonly NodeResult<unknown>[]): ExitCode {
  const failed = rows.filter((r) => !r.ok);
  if (failed.length === 0) return ExitCode.Ok;
  return failed.every((r) => !r.ok && AUTH.has(r.error.code)) ? ExitCode.Auth : ExitCode.Failed;
}
