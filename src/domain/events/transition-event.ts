import type { Health } from '../state/health';
import type { ObservedState } from '../state/states';

/** One observed change of one component's state. */
export interface TransitionEvent {
  readonly kind: 'transition';
  readonly service: string;
  readonly component: string;
  readonly from: ObservedState;
  readonly to: ObservedState;
  readonly at: Date;
}

/** A component's health check changed its verdict. */
export interface HealthEvent {
  readonly kind: 'health';
  readonly service: string;
  readonly component: string;
  readonly from: Health;
  readonly to: Health;
  readonly at: Date;
  /** The probe's output or error, at most 1 KiB. */
  readonly output: string;
}

export const DEPLOY_OUTCOMES = ['deployed', 'failed', 'recovered'] as const;
/** deployed: all gates passed; failed: undone at once; recovered: undone at agent start after a crash. */
export type DeployOutcome = (typeof DEPLOY_OUTCOMES)[number];

/** A deploy of a service (component '' = the whole service) ended. */
export interface DeployEvent {
  readonly kind: 'deploy';
  readonly service: string;
  readonly component: string;
  readonly outcome: DeployOutcome;
  readonly at: Date;
  readonly message: string;
  /** The revision it became, when it became one. */
  readonly revision?: number;
}

/** Everything the agent records about what happened on its node, newest history first. */
export type NodeEvent = TransitionEvent | HealthEvent | DeployEvent;
export type NodeEventKind = NodeEvent['kind'];
export const NODE_EVENT_KINDS: readonly NodeEventKind[] = ['transition', 'health', 'deploy'];

export function isTransition(e: NodeEvent): e is TransitionEvent {
  return e.kind === 'transition';
}
