import { type Access, ADMIN_ROLE } from '../../../domain/identity/identity';

/** The caller of one RPC once authorised: who, which role, which services. */
export interface Caller extends Access {
  /** Containers that belong to no service are outside every scope: only an admin of every service sees them. */
  readonly seesUnmanaged: boolean;
}

export function callerOf(access: Access): Caller {
  return { ...access, seesUnmanaged: access.role === ADMIN_ROLE && access.scope.isAll };
}
