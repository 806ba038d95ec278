import type { Role } from '../../../domain/identity/identity';

/**
 * What one RPC asks of its caller.
 * - `role`: the least role that may call it (roles include the ones below).
 * - `target`: `service` — the request names one service, which must be in
 *   the token's scope; `node` — the request may name services (or none: the
 *   whole node) and the answer holds only those in scope; `caller` — about
 *   the caller itself.
 * - `effect`: a `read` of a service outside the scope answers as for a
 *   service that does not exist; an `act` on one is PERMISSION_DENIED naming it.
 */
export interface RpcRule {
  readonly role: Role;
  readonly target: 'service' | 'node' | 'caller';
  readonly effect: 'read' | 'act';
}

/**
 * THE table of who may call what (SPEC "Roles and scoped tokens"): every
 * RPC of the proto has exactly one row, the gRPC layer asks it through
 * AuthorizeCallUseCase, and docs/CLI.md shows the same rows (a test checks
 * both). A new RPC without a row does not compile into the server.
 */
export const RPC_ACCESS = {
  WhoAmI: { role: 'viewer', target: 'caller', effect: 'read' },
  ListServices: { role: 'viewer', target: 'node', effect: 'read' },
  LiveCheck: { role: 'viewer', target: 'node', effect: 'read' },
  GetServiceStatus: { role: 'viewer', target: 'node', effect: 'read' },
  StreamEvents: { role: 'viewer', target: 'node', effect: 'read' },
  GetHistory: { role: 'viewer', target: 'service', effect: 'read' },
  StreamLogs: { role: 'viewer', target: 'service', effect: 'read' },
  Deploy: { role: 'deployer', target: 'service', effect: 'act' },
  DeployWatch: { role: 'deployer', target: 'service', effect: 'act' },
  Rollback: { role: 'deployer', target: 'service', effect: 'act' },
  StopService: { role: 'deployer', target: 'service', effect: 'act' },
  StartService: { role: 'deployer', target: 'service', effect: 'act' },
  RestartService: { role: 'deployer', target: 'service', effect: 'act' },
  SyncDesiredState: { role: 'deployer', target: 'node', effect: 'act' },
  AdoptContainer: { role: 'admin', target: 'service', effect: 'act' },
  PushFile: { role: 'admin', target: 'service', effect: 'act' },
  PullFile: { role: 'admin', target: 'service', effect: 'act' },
  SetSecret: { role: 'admin', target: 'service', effect: 'act' },
  ListSecrets: { role: 'admin', target: 'service', effect: 'act' },
  RemoveSecret: { role: 'admin', target: 'service', effect: 'act' },
} as const satisfies Record<string, RpcRule>;

export type RpcMethod = keyof typeof RPC_ACCESS;

export function isRpcMethod(method: string): method is RpcMethod {
  return Object.prototype.hasOwnProperty.call(RPC_ACCESS, method);
}
