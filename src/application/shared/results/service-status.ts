import type { TransitionEvent } from '../../../domain/events/transition-event';
import type { ServiceView } from './service-view';

export interface ServiceStatus {
  readonly service: ServiceView;
  readonly recentEvents: readonly TransitionEvent[];
}

export interface NodeStatus {
  readonly node: string;
  readonly services: readonly ServiceStatus[];
}
