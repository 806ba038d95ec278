import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import type { NodeEvent } from '../../domain/events/transition-event';
import { assertValidName } from '../../domain/names/name.value';
import { parseSince } from '../../domain/time/since';
import type { Clock } from '../shared/ports/clock.port';
import type { EventsBatch } from '../shared/results/events-batch';
import { mergeAsync } from '../shared/support/merge-async';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { NodeDirectory, NodeEntry } from './ports/operator.ports';
import { asDomainError, askNodes } from './support/fan-out';

export interface EventsInput {
  readonly service?: string;
  readonly follow: boolean;
  /** A duration back from now or an RFC 3339 time; absent: each node's last 100 events. */
  readonly since?: string;
}

export interface NodeEventRow {
  readonly node: string;
  readonly event: NodeEvent;
}

export interface NodeFailure {
  readonly node: string;
  readonly error: { readonly code: string; readonly message: string };
}

export type LiveItem = ({ readonly kind: 'event' } & NodeEventRow) | ({ readonly kind: 'failure' } & NodeFailure);

export interface EventsResult {
  /** Every node's history, merged by time (oldest first). */
  readonly history: readonly NodeEventRow[];
  /** Nodes that could not send their history. */
  readonly failures: readonly NodeFailure[];
  /** With follow: events as nodes record them, and a failure when a node's stream breaks. Empty otherwise. */
  readonly live: AsyncIterable<LiveItem>;
}

interface NodeStream {
  readonly node: NodeEntry;
  readonly history: NodeEvent[];
  readonly failure?: NodeFailure;
  readonly rest?: AsyncIterator<EventsBatch>;
  readonly close: () => void;
}

/**
 * `mcp events`: every node at once. Each node's history (up to its
 * caught-up mark when following) is read first, and the histories are
 * merged by time; then live events are passed on as they arrive. A node
 * that fails gets its own failure and the others go on. With a service, a
 * node that does not hold it is no failure as long as some node does.
 */
export class EventsCommand {
  constructor(
    private readonly nodes: NodeDirectory,
    private readonly gateways: AgentGatewayFactory,
    private readonly clock: Clock,
  ) {}

  async execute(input: EventsInput): Promise<EventsResult> {
    const service = input.service !== undefined ? assertValidName('service', input.service) : undefined;
    const since = input.since !== undefined ? parseSince(input.since, this.clock.now()) : undefined;
    const nodes = await this.nodes.list();
    if (nodes.length === 0) throw new DomainError(ErrorCode.ConfigInvalid, `no [[nodes]] in ${this.nodes.where}: run \`mcp node add <name> <address>\``);
    const request = { follow: input.follow, ...(service ? { service } : {}), ...(since ? { since } : {}) };
    // The fan-out bounds the opening (history up to the caught-up mark); a follow then goes on beyond it.
    const opened = await askNodes(this.gateways, nodes, (node) => this.open(node, request));
    let streams = opened.map((r, i): NodeStream => (r.ok ? r.value : { node: nodes[i]!, history: [], failure: { node: r.node, error: r.error }, close: () => undefined }));
    if (service && streams.some((s) => !s.failure)) {
      const missing = streams.filter((s) => s.failure?.error.code === ErrorCode.ServiceNotFound);
      missing.forEach((s) => s.close());
      streams = streams.filter((s) => !missing.includes(s));
    }
    const history = streams
      .flatMap((s, order) => s.history.map((event, i) => ({ row: { node: s.node.name, event }, order, i })))
      .sort((a, b) => a.row.event.at.getTime() - b.row.event.at.getTime() || a.order - b.order || a.i - b.i)
      .map((x) => x.row);
    const live = streams.filter((s) => s.rest).map((s) => this.rest(s));
    return { history, failures: streams.flatMap((s) => (s.failure ? [s.failure] : [])), live: mergeAsync(live) };
  }

  /** One node's history; a failure closes what it opened and is that node's row. */
  private async open(node: NodeEntry, request: { service?: string; since?: Date; follow: boolean }): Promise<NodeStream> {
    let close: () => void = () => undefined;
    const history: NodeEvent[] = [];
    try {
      const gateway = await this.gateways.open(node);
      close = () => gateway.close();
      const iterator = gateway.events(request)[Symbol.asyncIterator]();
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          close();
          return { node, history, close };
        }
        history.push(...next.value.events);
        if (next.value.caughtUp) return { node, history, rest: iterator, close };
      }
    } catch (e) {
      close();
      throw e;
    }
  }

  private async *rest(stream: NodeStream): AsyncGenerator<LiveItem> {
    const iterator = stream.rest!;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        for (const event of next.value.events) yield { kind: 'event', node: stream.node.name, event };
      }
    } catch (e) {
      const error = asDomainError(e);
      yield { kind: 'failure', node: stream.node.name, error: { code: error.code, message: error.message } };
    } finally {
      await iterator.return?.();
      stream.close();
    }
  }
}
