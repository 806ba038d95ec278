import type { ServiceSpec } from '../../../domain/service/service-spec';
import type { NodeStatus } from '../../shared/results/service-status';
import type { ServiceOutcome } from '../../shared/results/component-outcome';
import type { DeployStepListener } from '../../shared/results/deploy-step';
import type { NodeView, SecretRef } from '../../shared/results/service-view';
import type { SyncResult } from '../../shared/results/sync-result';
import type { StoredFile } from '../../shared/results/stored-file';
import type { ServiceLogLine } from '../../shared/results/log-line';
import type { EventsBatch } from '../../shared/results/events-batch';

export interface LogsRequest {
  readonly service: string;
  readonly component?: string;
  /** Lines per component before following; absent: all the engine kept. */
  readonly tail?: number;
  readonly since?: Date;
  readonly follow: boolean;
}

export interface EventsRequest {
  readonly service?: string;
  readonly since?: Date;
  readonly follow: boolean;
}
import type { RollbackOutcome, ServiceHistory } from '../../shared/results/history';
import type { WhoAmI } from '../../shared/results/who-am-i';
import type { SecretListing } from '../../shared/results/secret-listing';

/**
 * One agent, as the CLI sees it. Failures are DomainErrors: the agent's own
 * code when it answered, NODE_UNAVAILABLE when it could not be reached.
 */
export interface AgentGateway {
  /** `onStep` hears each component's steps as the agent takes them (pulling, starting, healthy in 4.1s, restored…). */
  deploy(input: { spec?: ServiceSpec; serviceName?: string; component?: string }, onStep?: DeployStepListener): Promise<ServiceOutcome>;
  stop(service: string): Promise<ServiceOutcome>;
  start(service: string): Promise<ServiceOutcome>;
  restart(service: string): Promise<ServiceOutcome>;
  list(): Promise<NodeView>;
  /** `secretRefs` (plan): the answer's missingSecrets names those the node holds no secret for; an older agent names none. */
  liveCheck(query?: { secretRefs?: readonly SecretRef[] }): Promise<NodeView>;
  status(input: { service?: string; eventLimit?: number }): Promise<NodeStatus>;
  sync(specs: readonly ServiceSpec[]): Promise<SyncResult>;
  adopt(service: string): Promise<ServiceOutcome>;
  push(input: { service: string; path: string; content: Uint8Array; mode: number }): Promise<{ path: string; size: number }>;
  pull(input: { service: string; path: string }): Promise<StoredFile>;
  /**
   * A stream of batches of lines (never empty); aborting `signal` cancels
   * the call (the agent then ends its log processes) and ends the iteration quietly.
   */
  logs(request: LogsRequest, signal?: AbortSignal): AsyncIterable<readonly ServiceLogLine[]>;
  events(request: EventsRequest, signal?: AbortSignal): AsyncIterable<EventsBatch>;
  history(service: string): Promise<ServiceHistory>;
  /** `to` absent: the revision before the current one. */
  rollback(input: { service: string; to?: number }): Promise<RollbackOutcome>;
  /** Who the operator's token is on this node: user, role, and the services it is limited to (empty: all). */
  whoami(): Promise<WhoAmI>;

  /** A new version of a service's secret; the answer names it, never the value. */
  setSecret(input: { service: string; name: string; value: Uint8Array }): Promise<SecretListing>;
  listSecrets(service: string): Promise<SecretListing[]>;
  removeSecret(input: { service: string; name: string }): Promise<void>;
  close(): void;
}

/**
 * Opens a gateway to the node of that name at that address. Every call of a
 * gateway it opens answers, fails or times out within the node time-out
 * until its first answer (a mutation or stream then runs as long as it
 * needs), and close() leaves nothing open: callers need no timers of their own.
 */
export interface AgentGatewayFactory {
  /** How many nodes a fan-out asks at once (`[cli] parallel`). */
  readonly parallel: number;
  /**
   * Checks once what every call needs locally (the CA certificate, the
   * token): a missing one is the operator's one problem, not one per node.
   */
  prepare(): Promise<void>;
  /** The connection itself (and whatever it needs loaded) is made here, not before. */
  open(node: { name: string; address: string }): Promise<AgentGateway>;
}
