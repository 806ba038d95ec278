import type { NodeResult } from '../../../application/operator/support/fan-out';
import type { ServiceOutcome } from '../../../application/shared/results/component-outcome';
import { InvalidArgumentError } from 'commander';
import type { PlanResult } from '../../../application/operator/plan.command';
import { ErrorCode } from '../../../domain/errors/domain-error';

export const ExitCode = { Ok: 0, Failed: 1, Usage: 2, Auth: 3, ChangesPending: 4 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const USAGE: ReadonlySet<string> = new Set<string>([ErrorCode.InvalidName, ErrorCode.InvalidSpec, ErrorCode.InvalidPath, ErrorCode.InvalidArgument, ErrorCode.ConfigInvalid]);
const AUTH: ReadonlySet<string> = new Set<string>([ErrorCode.Unauthenticated, ErrorCode.PermissionDenied]);

/**
 * The one map from an error code to the process's exit code: 2 the command or
 * the config is wrong, 3 the token is missing, invalid or lacks the role,
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

/** `mcp plan`: 1 when a service could not be planned; with --detailed-exitcode also 4 when changes are pending. */
export function planExitCode(plan: PlanResult, detailed: boolean): ExitCode {
  if (plan.failed) return ExitCode.Failed;
  return detailed && plan.pending ? ExitCode.ChangesPending : ExitCode.Ok;
}

/** `--to <rev>`: a whole number ≥ 1. */
export function revisionNumber(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('use a revision number (a whole number ≥ 1)');
  return n;
}
