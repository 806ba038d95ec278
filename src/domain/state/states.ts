export const DESIRED_STATES = ['running', 'stopped', 'ignore'] as const;
export type DesiredState = (typeof DESIRED_STATES)[number];

export const OBSERVED_STATES = ['running', 'stopped', 'exited', 'created', 'paused', 'removed', 'unknown'] as const;
export type ObservedState = (typeof OBSERVED_STATES)[number];

/**
 * Drift: desired running and observed not running, or desired stopped and
 * observed running. `ignore` never drifts.
 */
export function isDrift(desired: DesiredState, observed: ObservedState): boolean {
  if (desired === 'running') return observed !== 'running';
  if (desired === 'stopped') return observed === 'running';
  return false;
}

/** Maps a runtime's own state word onto ours; anything unknown stays `unknown`, never a guess. */
export function observedStateFromRuntime(state: string): ObservedState {
  const s = state.trim().toLowerCase();
  switch (s) {
    case 'running':
    case 'up':
      return 'running';
    case 'exited':
    case 'dead':
      return 'exited';
    case 'stopped':
    case 'stopping':
      return 'stopped';
    case 'created':
    case 'configured':
    case 'initialized':
      return 'created';
    case 'paused':
      return 'paused';
    case 'removing':
      return 'removed';
    default:
      return 'unknown';
  }
}
