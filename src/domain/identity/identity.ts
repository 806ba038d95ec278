export const ADMIN_ROLE = 'admin';

/** Who is calling, as the identity service vouches. */
export interface Identity {
  readonly username: string;
  readonly roles: readonly string[];
}

export function isAdmin(identity: Identity): boolean {
  return identity.roles.includes(ADMIN_ROLE);
}
