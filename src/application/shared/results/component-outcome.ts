import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import type { DesiredState, ObservedState } from '../../../domain/state/states';

/** The result of one operation on one component: one failure never hides the others. */
export interface ComponentOutcome {
  readonly component: string;
  readonly container: string;
  readonly ok: boolean;
  readonly error?: { readonly code: string; readonly message: string };
  readonly desired?: DesiredState;
  readonly observed?: ObservedState;
  readonly version?: string;
  /** A deploy failed (here or elsewhere) and this component is back as it was. */
  readonly restored?: boolean;
  /** The failing component's last log lines, oldest first. */
  readonly logTail?: readonly string[];
}

export interface ServiceOutcome {
  readonly service: string;
  readonly results: readonly ComponentOutcome[];
  /** A deploy that succeeded: the revision it became. */
  readonly revision?: number;
}

/** Turns anything thrown into the error half of an outcome; unexpected errors keep their message. */
export function outcomeError(e: unknown): { code: string; message: string } {
  if (e instanceof DomainError) return { code: e.code, message: e.message };
  return { code: ErrorCode.Internal, message: messageOf(e) };
}
