import type { PullPolicy } from '../../../domain/service/service-spec';
import type { DesiredState, ObservedState } from '../../../domain/state/states';
import type { SyncChange as DomainSyncChange } from '../../../application/shared/results/sync-result';
import * as pb from '../generated/mcp/v1/mcp';

/** A two-way table between a domain word and its wire enum; unknown wire values fall back. */
function table<D extends string, W extends number>(pairs: ReadonlyArray<readonly [D, W]>, fallback: D) {
  const toWire = new Map<D, W>(pairs);
  const fromWire = new Map<number, D>(pairs.map(([d, w]) => [w, d]));
  return {
    toWire: (d: D): W => toWire.get(d)!,
    fromWire: (w: number): D => fromWire.get(w) ?? fallback,
    knows: (w: number): boolean => fromWire.has(w),
  };
}

export const desiredState = table<DesiredState, pb.DesiredState>(
  [
    ['running', pb.DesiredState.DESIRED_STATE_RUNNING],
    ['stopped', pb.DesiredState.DESIRED_STATE_STOPPED],
    ['ignore', pb.DesiredState.DESIRED_STATE_IGNORE],
  ],
  'ignore',
);

export const observedState = table<ObservedState, pb.ObservedState>(
  [
    ['running', pb.ObservedState.OBSERVED_STATE_RUNNING],
    ['stopped', pb.ObservedState.OBSERVED_STATE_STOPPED],
    ['exited', pb.ObservedState.OBSERVED_STATE_EXITED],
    ['created', pb.ObservedState.OBSERVED_STATE_CREATED],
    ['paused', pb.ObservedState.OBSERVED_STATE_PAUSED],
    ['removed', pb.ObservedState.OBSERVED_STATE_REMOVED],
    ['unknown', pb.ObservedState.OBSERVED_STATE_UNKNOWN],
  ],
  'unknown',
);

export const pullPolicy = table<PullPolicy, pb.PullPolicy>(
  [
    ['always', pb.PullPolicy.PULL_POLICY_ALWAYS],
    ['missing', pb.PullPolicy.PULL_POLICY_MISSING],
    ['never', pb.PullPolicy.PULL_POLICY_NEVER],
  ],
  'always',
);

export const syncChange = table<DomainSyncChange, pb.SyncChange>(
  [
    ['created', pb.SyncChange.SYNC_CHANGE_CREATED],
    ['updated', pb.SyncChange.SYNC_CHANGE_UPDATED],
    ['unchanged', pb.SyncChange.SYNC_CHANGE_UNCHANGED],
    ['not-sent', pb.SyncChange.SYNC_CHANGE_NOT_SENT],
    ['skipped', pb.SyncChange.SYNC_CHANGE_SKIPPED],
  ],
  'unchanged',
);
