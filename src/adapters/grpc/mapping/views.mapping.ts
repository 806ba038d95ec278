import type { ServiceOutcome, ComponentOutcome } from '../../../application/shared/results/component-outcome';
import type { NodeStatus } from '../../../application/shared/results/service-status';
import type { ComponentView, NodeView, SecretRef, ServiceView } from '../../../application/shared/results/service-view';
import type { SyncResult } from '../../../application/shared/results/sync-result';
import type { TransitionEvent } from '../../../domain/events/transition-event';
import type { UnmanagedContainer } from '../../../domain/service/service-record';
import type * as pb from '../generated/mcp/v1/mcp';
import { healthState } from './health.mapping';
import { specFromWire, specToWire } from './spec.mapping';
import { desiredState, observedState, syncChange } from './states.mapping';

// Domain → wire (the agent answers).

export function outcomeToWire(o: ServiceOutcome): { service: string; results: pb.ComponentResult[] } {
  return {
    service: o.service,
    results: o.results.map((r) => ({
      component: r.component,
      container: r.container,
      ok: r.ok,
      errorCode: r.error?.code ?? '',
      errorMessage: r.error?.message ?? '',
      desiredState: r.desired ? desiredState.toWire(r.desired) : 0,
      observedState: r.observed ? observedState.toWire(r.observed) : 0,
      version: r.version ?? '',
      restored: r.restored ?? false,
      logTail: [...(r.logTail ?? [])],
    })),
  };
}

function componentToWire(c: ComponentView): pb.ComponentInfo {
  return {
    name: c.name,
    container: c.container,
    image: c.image,
    version: c.version,
    desiredState: desiredState.toWire(c.desired),
    observedState: observedState.toWire(c.observed),
    drift: c.drift,
    startedAt: c.startedAt,
    observedAt: c.observedAt,
    health: healthState.toWire(c.health ?? 'none'),
    changedSecrets: [...(c.changedSecrets ?? [])],
  };
}

export function serviceToWire(s: ServiceView): pb.ServiceInfo {
  return { spec: specToWire(s.spec), components: s.components.map(componentToWire) };
}

export function unmanagedToWire(u: UnmanagedContainer): pb.UnmanagedContainer {
  return { name: u.name, image: u.image, observedState: observedState.toWire(u.observed) };
}

export function nodeViewToWire(v: NodeView): { node: string; services: pb.ServiceInfo[]; unmanaged: pb.UnmanagedContainer[] } {
  return { node: v.node, services: v.services.map(serviceToWire), unmanaged: v.unmanaged.map(unmanagedToWire) };
}

/** LiveCheck's answer: the node view, and the secret references it was asked about that the node does not hold. */
export function liveCheckToWire(v: NodeView): pb.LiveCheckResponse {
  return { ...nodeViewToWire(v), missingSecrets: (v.missingSecrets ?? []).map((r) => ({ service: r.service, name: r.name })) };
}

export function secretRefsFromWire(refs: readonly pb.SecretRef[]): SecretRef[] {
  return refs.map((r) => ({ service: r.service, name: r.name }));
}

function eventToWire(e: TransitionEvent): pb.Event {
  return { service: e.service, component: e.component, fromState: observedState.toWire(e.from), toState: observedState.toWire(e.to), at: e.at };
}

export function statusToWire(s: NodeStatus): pb.GetServiceStatusResponse {
  return { node: s.node, services: s.services.map((x) => ({ service: serviceToWire(x.service), recentEvents: x.recentEvents.map(eventToWire) })) };
}

export function syncToWire(s: SyncResult): pb.SyncDesiredStateResponse {
  return {
    node: s.node,
    results: s.results.map((r) => ({ service: r.service, change: syncChange.toWire(r.change), details: [...r.details] })),
    unmanaged: s.unmanaged.map(unmanagedToWire),
  };
}

// Wire → domain (the CLI reads answers).

export function outcomeFromWire(w: { service: string; results: pb.ComponentResult[] }): ServiceOutcome {
  return {
    service: w.service,
    results: w.results.map(
      (r): ComponentOutcome => ({
        component: r.component,
        container: r.container,
        ok: r.ok,
        ...(r.errorCode || r.errorMessage ? { error: { code: r.errorCode, message: r.errorMessage } } : {}),
        ...(r.desiredState ? { desired: desiredState.fromWire(r.desiredState) } : {}),
        ...(r.observedState ? { observed: observedState.fromWire(r.observedState) } : {}),
        ...(r.version ? { version: r.version } : {}),
        ...(r.restored ? { restored: true } : {}),
        ...(r.logTail.length > 0 ? { logTail: r.logTail } : {}),
      }),
    ),
  };
}

function serviceFromWire(s: pb.ServiceInfo, node: string): ServiceView {
  // The agent sent it, the agent validated it; a bad one still must not crash the CLI.
  const spec = s.spec ? specFromWire(s.spec, `agent ${node}`) : { name: '?', node, active: false, components: [] };
  return {
    spec,
    components: s.components.map((c) => ({
      name: c.name,
      container: c.container,
      image: c.image,
      version: c.version,
      desired: desiredState.fromWire(c.desiredState),
      observed: observedState.fromWire(c.observedState),
      drift: c.drift,
      health: healthState.fromWire(c.health),
      ...(c.changedSecrets.length > 0 ? { changedSecrets: [...c.changedSecrets] } : {}),
      ...(c.startedAt ? { startedAt: c.startedAt } : {}),
      ...(c.observedAt ? { observedAt: c.observedAt } : {}),
    })),
  };
}

function unmanagedFromWire(u: pb.UnmanagedContainer): UnmanagedContainer {
  return { name: u.name, image: u.image, observed: observedState.fromWire(u.observedState) };
}

export function nodeViewFromWire(w: { node: string; services: pb.ServiceInfo[]; unmanaged: pb.UnmanagedContainer[] }): NodeView {
  return { node: w.node, services: w.services.map((s) => serviceFromWire(s, w.node)), unmanaged: w.unmanaged.map(unmanagedFromWire) };
}

/** An agent older than secret_refs answers no missing_secrets: read as none missing. */
export function liveCheckFromWire(w: pb.LiveCheckResponse): NodeView {
  const view = nodeViewFromWire(w);
  return w.missingSecrets.length > 0 ? { ...view, missingSecrets: secretRefsFromWire(w.missingSecrets) } : view;
}

export function statusFromWire(w: pb.GetServiceStatusResponse): NodeStatus {
  return {
    node: w.node,
    services: w.services.map((s) => ({
      service: serviceFromWire(s.service ?? { spec: undefined, components: [] }, w.node),
      recentEvents: s.recentEvents.map((e) => ({
        kind: 'transition' as const,
        service: e.service,
        component: e.component,
        from: observedState.fromWire(e.fromState),
        to: observedState.fromWire(e.toState),
        at: e.at ?? new Date(0),
      })),
    })),
  };
}

export function syncFromWire(w: pb.SyncDesiredStateResponse): SyncResult {
  return {
    node: w.node,
    results: w.results.map((r) => ({ service: r.service, change: syncChange.fromWire(r.change), details: r.details })),
    unmanaged: w.unmanaged.map(unmanagedFromWire),
  };
}
