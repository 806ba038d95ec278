import type { SecretListing } from '../../../application/shared/results/secret-listing';
import type * as pb from '../generated/mcp/v1/mcp';

export function secretToWire(s: SecretListing): pb.SecretInfo {
  return { name: s.name, set: s.set, version: s.version, size: s.size, updatedAt: s.updatedAt, updatedBy: s.updatedBy, usedBy: [...s.usedBy] };
}

export function secretFromWire(s: pb.SecretInfo): SecretListing {
  return {
    name: s.name,
    set: s.set,
    version: s.version,
    size: Number(s.size),
    updatedBy: s.updatedBy,
    usedBy: [...s.usedBy],
    ...(s.updatedAt ? { updatedAt: s.updatedAt } : {}),
  };
}
