import type { Identity } from '../../../domain/identity/identity';
import { token } from './token';

/**
 * Resolves a bearer token. Undefined means "not a valid token"; a service
 * that cannot answer throws IDENTITY_UNAVAILABLE, never "valid".
 */
export interface TokenValidator {
  validate(token: string): Promise<Identity | undefined>;
  /**
   * Optional: a value that changes whenever earlier answers may no longer
   * hold (a tokens file that was edited: a token revoked). A cache in front
   * asks it on every call and drops answers given under another value, so a
   * revoked token is refused at once instead of after the cache's 30 s.
   */
  generation?(): Promise<string>;
}
export const TOKEN_VALIDATOR = token<TokenValidator>('mcp.TokenValidator');

export interface LoginResult {
  readonly token: string;
  readonly expiresAt?: Date;
}

/** Exchanges a username and password for a token (the CLI's `mcp login`). */
export interface IdentityLogin {
  login(username: string, password: string): Promise<LoginResult>;
}

/** Makes a fresh token and remembers only its hash (`mcp-agent token issue`). */
export interface TokenIssuer {
  /** `services`: globs the token is limited to (absent: every service; an empty list is refused). */
  issue(username: string, roles: readonly string[], services?: readonly string[]): Promise<string>;
}
