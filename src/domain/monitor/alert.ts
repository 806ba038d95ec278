import type { DesiredState, ObservedState } from '../state/states';

export type AlertType = 'drift' | 'flap';

export interface Alert {
  readonly type: AlertType;
  readonly node: string;
  readonly service: string;
  readonly component: string;
  readonly container: string;
  readonly desired: DesiredState;
  readonly observed: ObservedState;
  /** Transitions counted inside the flap window. */
  readonly transitions: number;
  readonly message: string;
}
