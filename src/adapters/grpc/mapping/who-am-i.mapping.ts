import type { WhoAmI } from '../../../application/shared/results/who-am-i';
import type { Access } from '../../../domain/identity/identity';
import { isRole } from '../../../domain/identity/identity';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import type * as pb from '../generated/mcp/v1/mcp';

export function whoAmIToWire(access: Access, agentVersion: string): pb.WhoAmIResponse {
  return { user: access.user, role: access.role, services: [...access.scope.globs], agentVersion };
}

export function whoAmIFromWire(w: pb.WhoAmIResponse, node: string): WhoAmI {
  if (!isRole(w.role)) throw new DomainError(ErrorCode.Internal, `node ${node} answered an unknown role ${JSON.stringify(w.role)}`);
  return { user: w.user, role: w.role, services: [...w.services], ...(w.agentVersion !== '' ? { agentVersion: w.agentVersion } : {}) };
}
