import type { ServiceSpec } from '../../../domain/service/service-spec';
import type { NodeStatus } from '../../shared/results/service-status';
import type { ServiceOutcome } from '../../shared/results/component-outcome';
import type { DeployStepListener } from '../../shared/results/deploy-step';
import type { NodeView } from '../../shared/results/service-view';
import type { SyncResult } from '../../shared/results/sync-result';
import type { StoredFile } from '../../shared/results/stored-file';
import type { RollbackOutcome, ServiceHistory } from '../../shared/results/history';

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
  liveCheck(): Promise<NodeView>;
  status(input: { service?: string; eventLimit?: number }): Promise<NodeStatus>;
  sync(specs: readonly ServiceSpec[]): Promise<SyncResult>;
  adopt(service: string): Promise<ServiceOutcome>;
  push(input: { service: string; path: string; content: Uint8Array; mode: number }): Promise<{ path: string; size: number }>;
  pull(input: { service: string; path: string }): Promise<StoredFile>;
  history(service: string): Promise<ServiceHistory>;
  /** `to` absent: the revision before the current one. */
  rollback(input: { service: string; to?: number }): Promise<RollbackOutcome>;
  close(): void;
}

/** Opens a gateway to the node of that name at that address. */
export interface AgentGatewayFactory {
  /**
   * Checks once what every call needs locally (the CA certificate, the
   * token): a missing one is the operator's one problem, not one per node.
   */
  prepare(): Promise<void>;
  open(node: { name: string; address: string }): AgentGateway;
}
export const AGENT_GATEWAY_FACTORY = Symbol.for('mcp.AgentGatewayFactory');
