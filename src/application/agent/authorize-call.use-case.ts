import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { ADMIN_ROLE, type Identity, isAdmin } from '../../domain/identity/identity';
import type { TokenValidator } from '../shared/ports/identity.port';

/**
 * Every RPC passes here: a valid token of a user with role admin, or a
 * refusal saying which. Two steps, so an audit line can name a caller who
 * was identified but refused.
 */
export class AuthorizeCallUseCase {
  constructor(private readonly validator: TokenValidator) {}

  async identify(token: string | undefined): Promise<Identity> {
    if (!token) throw new DomainError(ErrorCode.Unauthenticated, 'missing bearer token: run "mcp login"');
    const identity = await this.validator.validate(token);
    if (!identity) throw new DomainError(ErrorCode.Unauthenticated, 'invalid or expired token: run "mcp login"');
    return identity;
  }

  requireAdmin(identity: Identity): Identity {
    if (!isAdmin(identity)) throw new DomainError(ErrorCode.PermissionDenied, `user ${identity.username} lacks role ${ADMIN_ROLE}`);
    return identity;
  }

  async execute(token: string | undefined): Promise<Identity> {
    return this.requireAdmin(await this.identify(token));
  }
}
