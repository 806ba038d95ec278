import type { NodeState, NodeWatcher } from '../../../application/operator/watch-nodes.command';
import type { NodeEvent } from '../../../domain/events/transition-event';
import { eventDetail } from '../../cli/format/events.format';
import { oneLine } from '../../process/error-edge';
import type { ActionRow, EventRow, LiveMessage, NodeRow, ServiceRow } from './live-messages';

/** Events kept per node for the pages (the events page, a service's recent events). */
const EVENTS_PER_NODE = 200;
/** Actions a page that opens later still sees (the steps of a deploy in progress, the last results). */
export const ACTIONS_KEPT = 50;

/** A page's open stream: it gets every message as text, once. */
export interface LiveClient {
  send(message: LiveMessage): void;
}

export function serviceRows(state: Extract<NodeState, { reachable: true }>): ServiceRow[] {
  return state.view.services.map((s) => ({
    name: s.spec.name,
    node: state.node,
    active: s.spec.active,
    components: s.components.map((c) => ({
      name: c.name,
      container: c.container,
      image: c.image,
      version: c.version,
      desired: c.desired,
      observed: c.observed,
      drift: c.drift,
      health: c.health ?? 'none',
      ...(c.startedAt ? { startedAt: c.startedAt.toISOString() } : {}),
    })),
  }));
}

export function eventRow(node: string, e: NodeEvent): EventRow {
  return { node, kind: e.kind, service: e.service, component: e.component, at: e.at.toISOString(), detail: eventDetail(e) };
}

/**
 * The one copy of what every node said, fed by WatchNodesCommand (one event
 * stream per node, however many pages are open) and fanned out to every
 * open page. A node that stops answering keeps its last services, marked
 * unreachable, until it answers again.
 */
export class LiveHub implements NodeWatcher {
  private readonly nodes = new Map<string, NodeRow>();
  private readonly events = new Map<string, EventRow[]>();
  private readonly actions = new Map<number, ActionRow>();
  private readonly clients = new Set<LiveClient>();

  constructor(nodeNames: readonly string[], now: Date) {
    for (const node of nodeNames) this.nodes.set(node, { node, reachable: false, error: 'connecting…', at: now.toISOString(), services: [] });
  }

  node(state: NodeState): void {
    const before = this.nodes.get(state.node);
    // The node's own answer (whoami) when the watch asked it, else what it said last; a node that never answered has no role here (not a guess).
    const said = state.reachable && state.role !== undefined ? { role: state.role, scope: state.scope ?? [] } : before?.role !== undefined ? { role: before.role, scope: before.scope ?? [] } : {};
    const agentVersion = (state.reachable ? state.agentVersion : undefined) ?? before?.agentVersion;
    const base = { node: state.node, at: state.at.toISOString(), ...said, ...(agentVersion !== undefined ? { agentVersion } : {}) };
    const row: NodeRow = state.reachable
      ? { ...base, reachable: true, latencyMs: state.latencyMs, services: serviceRows(state) }
      : { ...base, reachable: false, error: oneLine(state.error.message), services: before?.services ?? [] };
    this.nodes.set(state.node, row);
    this.broadcast({ type: 'node', node: row });
  }

  event(node: string, event: NodeEvent, live: boolean): void {
    const row = eventRow(node, event);
    let kept = this.events.get(node);
    // A stream that opens again sends its history again: keep only what is newer than what we have.
    const last = kept?.at(-1);
    if (!live && last && row.at <= last.at) return;
    if (!kept) this.events.set(node, (kept = []));
    kept.push(row);
    if (kept.length > EVENTS_PER_NODE) kept.splice(0, kept.length - EVENTS_PER_NODE);
    if (live) this.broadcast({ type: 'event', event: row });
  }

  action(row: ActionRow): void {
    this.actions.set(row.id, row);
    for (const old of [...this.actions.keys()].slice(0, Math.max(0, this.actions.size - ACTIONS_KEPT))) this.actions.delete(old);
    this.broadcast({ type: 'action', action: row });
  }

  /** Everything a page needs when it opens: nodes, recent events (oldest first), actions started from any page. */
  snapshot(): Extract<LiveMessage, { type: 'snapshot' }> {
    const events = [...this.events.values()].flat().sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return { type: 'snapshot', nodes: [...this.nodes.values()], events, actions: [...this.actions.values()] };
  }

  nodeRows(): readonly NodeRow[] {
    return [...this.nodes.values()];
  }

  /** One node's row, by name. */
  nodeRow(node: string): NodeRow | undefined {
    return this.nodes.get(node);
  }

  /** The node that holds `service`, as last seen. */
  nodeOf(service: string): NodeRow | undefined {
    return [...this.nodes.values()].find((n) => n.services.some((s) => s.name === service));
  }

  join(client: LiveClient): () => void {
    this.clients.add(client);
    client.send(this.snapshot());
    return () => this.clients.delete(client);
  }

  private broadcast(message: LiveMessage): void {
    for (const client of this.clients) client.send(message);
  }
}
