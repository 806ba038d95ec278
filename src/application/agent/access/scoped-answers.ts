import type { ServiceSpec } from '../../../domain/service/service-spec';
import type { EventsBatch } from '../../shared/results/events-batch';
import type { NodeStatus } from '../../shared/results/service-status';
import type { NodeView, SecretRef } from '../../shared/results/service-view';
import type { ServiceSyncResult, SyncResult } from '../../shared/results/sync-result';
import type { Caller } from './caller';

/*
 * Answers as a scoped token must see them: services outside its scope are
 * left out on the agent, before anything is sent; containers of no service
 * only for an admin of every service (SPEC "Roles and scoped tokens").
 */

/** ListServices, LiveCheck. */
export function scopedView(view: NodeView, caller: Caller): NodeView {
  return {
    node: view.node,
    services: view.services.filter((s) => caller.scope.includes(s.spec.name)),
    unmanaged: caller.seesUnmanaged ? view.unmanaged : [],
    ...(view.missingSecrets ? { missingSecrets: view.missingSecrets.filter((r) => caller.scope.includes(r.service)) } : {}),
  };
}

/** LiveCheck's secret references: only those of services in the scope are looked at at all. */
export function scopedRefs(refs: readonly SecretRef[], caller: Caller): SecretRef[] {
  return refs.filter((r) => caller.scope.includes(r.service));
}

/** GetServiceStatus of the whole node. */
export function scopedStatus(status: NodeStatus, caller: Caller): NodeStatus {
  return { node: status.node, services: status.services.filter((s) => caller.scope.includes(s.service.spec.name)) };
}

/** Events of services outside the scope are dropped; a batch left empty goes only if it carries the caught-up mark. */
export async function* scopedEvents(source: AsyncIterable<EventsBatch>, caller: Caller): AsyncGenerator<EventsBatch> {
  for await (const batch of source) {
    if (caller.scope.isAll) {
      yield batch;
      continue;
    }
    const events = batch.events.filter((e) => caller.scope.includes(e.service));
    if (events.length > 0 || batch.caughtUp) yield { ...batch, events };
  }
}

/** A scoped sync changes only the services in its scope; the rest are reported as skipped. */
export function splitSync(specs: readonly ServiceSpec[], caller: Caller): { readonly inScope: ServiceSpec[]; readonly skipped: ServiceSyncResult[] } {
  const inScope = specs.filter((s) => caller.scope.includes(s.name));
  const skipped = specs
    .filter((s) => !caller.scope.includes(s.name))
    .map((s): ServiceSyncResult => ({ service: s.name, change: 'skipped', details: [`outside the token's scope (${caller.scope.describe()}); left as it is`] }));
  return { inScope, skipped };
}

export function scopedSync(result: SyncResult, skipped: readonly ServiceSyncResult[], caller: Caller): SyncResult {
  return {
    node: result.node,
    results: [...result.results.filter((r) => caller.scope.includes(r.service)), ...skipped],
    unmanaged: caller.seesUnmanaged ? result.unmanaged : [],
  };
}
