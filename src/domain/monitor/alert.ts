import type { DesiredState, ObservedState } from '../state/states';

export type AlertType = 'drift' | 'flap' | 'unhealthy';

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
  /** unhealthy: the failing probe's output or error, at most 1 KiB. */
  readonly healthOutput?: string;
}
