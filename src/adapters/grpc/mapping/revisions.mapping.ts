import type { RollbackOutcome, ServiceHistory } from '../../../application/shared/results/history';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { REVISION_RESULTS, type Revision, type RevisionResult } from '../../../domain/revision/revision';
import type * as pb from '../generated/mcp/v1/mcp';
import { specFromWire, specToWire } from './spec.mapping';
import { outcomeFromWire, outcomeToWire } from './views.mapping';

function revisionToWire(r: Revision): pb.Revision {
  return {
    number: r.number ?? 0,
    at: r.at,
    caller: r.by,
    result: r.result,
    note: r.note,
    spec: specToWire(r.spec),
    components: r.components.map((c) => ({ name: c.name, image: c.image, imageId: c.imageId, repoDigest: c.repoDigest ?? '' })),
  };
}

function revisionFromWire(w: pb.Revision, service: string): Revision {
  if (!(REVISION_RESULTS as readonly string[]).includes(w.result)) throw new DomainError(ErrorCode.Internal, `agent sent an unknown revision result ${JSON.stringify(w.result)}`);
  return {
    service,
    ...(w.number !== 0 ? { number: w.number } : {}),
    at: w.at ?? new Date(0),
    by: w.caller,
    result: w.result as RevisionResult,
    note: w.note,
    spec: specFromWire(w.spec ?? { name: service, node: '', active: true, components: [] }, `answer: revision ${w.number} of ${service}`),
    components: w.components.map((c) => ({ name: c.name, image: c.image, imageId: c.imageId, ...(c.repoDigest !== '' ? { repoDigest: c.repoDigest } : {}) })),
  };
}

export function historyToWire(h: ServiceHistory): pb.GetHistoryResponse {
  return { service: h.service, node: h.node, current: h.current ?? 0, revisions: h.revisions.map(revisionToWire) };
}

export function historyFromWire(w: pb.GetHistoryResponse): ServiceHistory {
  return { service: w.service, node: w.node, ...(w.current !== 0 ? { current: w.current } : {}), revisions: w.revisions.map((r) => revisionFromWire(r, w.service)) };
}

export function rollbackToWire(r: RollbackOutcome): pb.RollbackResponse {
  return { ...outcomeToWire(r.outcome), to: r.to, revision: r.revision ?? 0, spec: specToWire(r.spec) };
}

export function rollbackFromWire(w: pb.RollbackResponse): RollbackOutcome {
  const outcome = outcomeFromWire(w);
  return {
    outcome: w.revision !== 0 ? { ...outcome, revision: w.revision } : outcome,
    to: w.to,
    ...(w.revision !== 0 ? { revision: w.revision } : {}),
    spec: specFromWire(w.spec ?? { name: w.service, node: '', active: true, components: [] }, `answer: rollback of ${w.service}`),
  };
}
