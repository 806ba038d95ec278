import type { NodeEvent, NodeEventKind } from '../../../domain/events/transition-event';
import type { HealthCheck } from '../../../domain/health/health-check';
import type { Revision } from '../../../domain/revision/revision';
import type { ServiceRecord, UnmanagedContainer } from '../../../domain/service/service-record';
import type { Health } from '../../../domain/state/health';
import type { ObservedState } from '../../../domain/state/states';
import { token } from '../../shared/ports/token';

export interface ObservedUpdate {
  readonly service: string;
  readonly component: string;
  readonly observed: ObservedState;
  readonly at: Date;
  /** Undefined leaves the recorded value as it is. */
  readonly startedAt?: Date;
  readonly version?: string;
}

export interface HealthUpdate {
  readonly service: string;
  readonly component: string;
  readonly health: Health;
}

/** A component the health monitor may probe: it has a check and is meant to run and running. */
export interface RunningCheck {
  readonly service: string;
  readonly component: string;
  readonly check: HealthCheck;
  /** Last verdict; absent when not judged yet. */
  readonly health?: Health;
}

export interface EventQuery {
  /** Absent: every service of the node. */
  readonly service?: string;
  /** Absent: every kind. */
  readonly kinds?: readonly NodeEventKind[];
  readonly component?: string;
  /** Inclusive lower bound. */
  readonly since?: Date;
  /** Exclusive upper bound. */
  readonly until?: Date;
  readonly limit?: number;
}

/**
 * The node-local store of desired and observed state. Component order is
 * kept as saved (the order of the operator's file).
 */
export interface Registry {
  getService(name: string): Promise<ServiceRecord | undefined>;
  listServices(): Promise<ServiceRecord[]>;
  /**
   * Components with a health check, desired and observed running, by service
   * name then file order: what the health monitor reads every second, without
   * loading every service whole.
   */
  listRunningChecks(): Promise<RunningCheck[]>;
  /** Inserts or replaces the service with exactly these components, atomically. */
  saveService(service: ServiceRecord): Promise<void>;
  /** True when something was deleted; its components and events go with it. */
  deleteService(name: string): Promise<boolean>;
  /** Many observed states in one transaction; unknown service/component pairs are ignored. */
  updateObserved(updates: readonly ObservedUpdate[]): Promise<void>;
  /** Many health verdicts in one transaction; unknown service/component pairs are ignored. */
  updateHealth(updates: readonly HealthUpdate[]): Promise<void>;
  /** Events of a service the registry does not hold are dropped (it may have just been deleted). */
  addEvents(events: readonly NodeEvent[]): Promise<void>;
  /** Newest first; equal times: the later added first. A limit must be a whole number ≥ 0. */
  listEvents(query: EventQuery): Promise<NodeEvent[]>;
  /** Transitions only (what flapping counts). */
  countEvents(service: string, component: string, since: Date): Promise<number>;
  /** Deletes events strictly older than `before`; returns how many. */
  pruneEvents(before: Date): Promise<number>;
  replaceUnmanaged(containers: readonly UnmanagedContainer[]): Promise<void>;
  listUnmanaged(): Promise<UnmanagedContainer[]>;
  /**
   * Appends one deploy attempt of a service the registry holds. A `deployed`
   * one gets the next number of its service (ignored `number` given); a
   * `failed` one gets none. Then only the newest `keep` (≥ 1) numbered
   * revisions are kept, with the attempts made since the oldest of them.
   * Returns what was stored.
   */
  addRevision(revision: Revision, keep: number): Promise<Revision>;
  /** Every kept attempt of a service, newest first; [] for an unknown service. */
  listRevisions(service: string): Promise<Revision[]>;
}
export const REGISTRY = token<Registry>('mcp.Registry');
