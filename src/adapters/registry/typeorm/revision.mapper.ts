import { REVISION_RESULTS, type Revision, type RevisionComponent, type RevisionResult } from '../../../domain/revision/revision';
import { type ServiceInput, componentInput, createServiceSpec } from '../../../domain/service/service-spec';
import type { RevisionEntity } from './entities/revision.entity';
import { oneOf } from './registry.mapper';

export function fromRevision(r: Revision): Omit<RevisionEntity, 'id'> {
  return {
    service: r.service,
    number: r.number ?? null,
    at: r.at.getTime(),
    caller: r.by,
    result: r.result,
    note: r.note,
    // The input shape, so the spec passes createServiceSpec again when read.
    spec: JSON.stringify({ ...r.spec, components: r.spec.components.map(componentInput) }),
    components: JSON.stringify(r.components),
  };
}

/** A stored spec passes the same gate as any other, so a damaged row is an error, not a surprise. */
export function toRevision(row: RevisionEntity): Revision {
  const components = (JSON.parse(row.components) as RevisionComponent[]).map((c) => ({
    name: String(c.name),
    image: String(c.image),
    imageId: String(c.imageId ?? ''),
    ...(c.repoDigest ? { repoDigest: String(c.repoDigest) } : {}),
    ...(c.secrets ? { secrets: Object.fromEntries(Object.entries(c.secrets).map(([k, v]) => [String(k), Number(v)])) } : {}),
  }));
  return {
    service: row.service,
    ...(row.number !== null && row.number !== undefined ? { number: Number(row.number) } : {}),
    at: new Date(Number(row.at)),
    by: row.caller,
    result: oneOf<RevisionResult>(REVISION_RESULTS, row.result, `revision result of ${row.service}`),
    note: row.note,
    spec: createServiceSpec(JSON.parse(row.spec) as ServiceInput, `registry: revision of ${row.service}`),
    components,
  };
}
