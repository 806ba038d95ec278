import type { Revision } from '../../../domain/revision/revision';
import type { ServiceSpec } from '../../../domain/service/service-spec';
import type { ServiceOutcome } from './component-outcome';

/** A service's kept deploy attempts on one node, newest first. */
export interface ServiceHistory {
  readonly service: string;
  readonly node: string;
  /** The newest numbered revision: what the node runs now (undefined before the first one). */
  readonly current?: number;
  readonly revisions: readonly Revision[];
}

/** What a rollback did: the deploy's per-component outcome, and the spec it deployed. */
export interface RollbackOutcome {
  readonly outcome: ServiceOutcome;
  /** The revision rolled back to. */
  readonly to: number;
  /** The revision the rollback became; undefined when its deploy failed. */
  readonly revision?: number;
  readonly spec: ServiceSpec;
}
