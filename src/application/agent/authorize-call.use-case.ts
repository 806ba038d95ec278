import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { type Identity, ROLES, accessOf, roleIncludes } from '../../domain/identity/identity';
import type { TokenValidator } from '../shared/ports/identity.port';
import { type Caller, callerOf } from './access/caller';
import { RPC_ACCESS, type RpcMethod } from './access/rpc-access.table';
import type { AgentSettings } from './ports/agent-settings.port';

/**
 * Every RPC passes here: a valid token, a role that RPC_ACCESS allows, and
 * the services the request names inside the token's scope. Two steps, so an
 * audit line can name a caller who was identified but refused.
 */
export class AuthorizeCallUseCase {
  constructor(
    private readonly validator: TokenValidator,
    private readonly settings: Pick<AgentSettings, 'nodeName'>,
  ) {}

  async identify(token: string | undefined): Promise<Identity> {
    if (!token) throw new DomainError(ErrorCode.Unauthenticated, 'missing bearer token: run "mcp login"');
    const identity = await this.validator.validate(token);
    if (!identity) throw new DomainError(ErrorCode.Unauthenticated, 'invalid or expired token: run "mcp login"');
    return identity;
  }

  /**
   * `services`: what the request names (none for a whole-node read). A read
   * of a service outside the scope answers as for a service the node does
   * not hold, so a token cannot learn what it may not see; an act on one is
   * refused naming it.
   */
  authorize(identity: Identity, method: RpcMethod, services: readonly string[]): Caller {
    const access = accessOf(identity);
    if (!access) throw new DomainError(ErrorCode.PermissionDenied, `user ${identity.username} has none of the roles ${ROLES.join(', ')}`);
    const rule = RPC_ACCESS[method];
    if (!roleIncludes(access.role, rule.role)) {
      throw new DomainError(ErrorCode.PermissionDenied, `user ${access.user} (${access.role}) lacks role ${rule.role}: ${method} needs it`);
    }
    const caller = callerOf(access);
    if (rule.target === 'caller' || caller.scope.isAll) return caller;
    if (rule.target === 'service' && services.length === 0) {
      throw new DomainError(ErrorCode.PermissionDenied, `user ${access.user} may only name services in ${caller.scope.describe()}: ${method} named none`);
    }
    // A scoped sync skips what is outside (SyncDesiredState says which); it refuses nothing.
    if (rule.target === 'node' && rule.effect === 'act') return caller;
    const outside = services.find((s) => !caller.scope.includes(s));
    if (outside === undefined) return caller;
    if (rule.effect === 'read') throw new DomainError(ErrorCode.ServiceNotFound, this.notHeld(method, outside));
    throw new DomainError(ErrorCode.PermissionDenied, `user ${access.user} may not act on service ${outside}: outside the token's scope (${caller.scope.describe()})`);
  }

  /**
   * The very words the read's own use case says for a service the node does
   * not hold, so that "outside the scope" and "does not exist" cannot be
   * told apart (test/integration/access/scoped-reads.test.ts compares them).
   */
  private notHeld(method: RpcMethod, service: string): string {
    return method === 'StreamLogs' || method === 'StreamEvents' ? `service ${service} not found` : `service ${service} is not known on node ${this.settings.nodeName}`;
  }
}
