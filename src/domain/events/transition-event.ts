import type { ObservedState } from '../state/states';

/** One observed change of one component's state. */
export interface TransitionEvent {
  readonly service: string;
  readonly component: string;
  readonly from: ObservedState;
  readonly to: ObservedState;
  readonly at: Date;
}
