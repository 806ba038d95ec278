import type { NodeResult } from '../../../application/operator/support/fan-out';
import type { ServiceOutcome } from '../../../application/shared/results/component-outcome';
import type { PlanResult } from '../../../application/operator/plan.command';
import { ExitCode, isAuthFailure } from '../../process/error-edge';

/** Any failed component fails the command. */
export function exitCodeOfOutcome(outcome: ServiceOutcome): ExitCode {
  return outcome.results.every((r) => r.ok) ? ExitCode.Ok : ExitCode.Failed;
}

/** Any node error row fails the command; if every failed row is an auth failure, say so (3). */
export function exitCodeOfRows(rows: readonly NodeResult<unknown>[]): ExitCode {
  const failed = rows.filter((r) => !r.ok);
  if (failed.length === 0) return ExitCode.Ok;
  return failed.every((r) => !r.ok && isAuthFailure(r.error.code)) ? ExitCode.Auth : ExitCode.Failed;
}

/** `mcp plan`: 1 when a service could not be planned; with --detailed-exitcode also 4 when changes are pending. */
export function planExitCode(plan: PlanResult, detailed: boolean): ExitCode {
  if (plan.failed) return ExitCode.Failed;
  return detailed && plan.pending ? ExitCode.ChangesPending : ExitCode.Ok;
}
