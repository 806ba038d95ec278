import { ServiceScope } from './service-scope';

/** The roles MCP knows, each including the one before it. */
export const ROLES = ['viewer', 'deployer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ADMIN_ROLE: Role = 'admin';

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when `role` includes everything `needed` may do. */
export function roleIncludes(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * Who is calling, as the identity service vouches: the roles exactly as it
 * gave them (an identity service may know roles MCP does not), and the
 * services the token is limited to (absent or empty: every service).
 */
export interface Identity {
  readonly username: string;
  readonly roles: readonly string[];
  readonly services?: readonly string[];
}

/** What a caller may do: the highest MCP role among its roles, and its scope. */
export interface Access {
  readonly user: string;
  readonly role: Role;
  readonly scope: ServiceScope;
}

/** Undefined when the identity holds none of viewer, deployer, admin. */
export function accessOf(identity: Identity): Access | undefined {
  const known = identity.roles.filter(isRole);
  if (known.length === 0) return undefined;
  const role = known.reduce((best, r) => (roleIncludes(r, best) ? r : best));
  return { user: identity.username, role, scope: ServiceScope.of(identity.services ?? []) };
}
