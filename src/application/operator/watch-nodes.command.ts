import type { NodeEvent } from '../../domain/events/transition-event';
import type { Clock } from '../shared/ports/clock.port';
import type { NodeView } from '../shared/results/service-view';
import type { AgentGateway, AgentGatewayFactory } from './ports/agent-gateway.port';
import type { NodeDirectory, NodeEntry } from './ports/operator.ports';
import type { Pause } from './ports/pause.port';
import { asDomainError } from './support/fan-out';

/** What the operator's token may do on a node. */
export type NodeRole = 'viewer' | 'deployer' | 'admin';

/** What a node says of the operator's token there and of itself (WhoAmI). */
export interface NodeIdentity {
  readonly role: NodeRole;
  /** Globs of the services the token is limited to there; empty or absent = every service. */
  readonly services?: readonly string[];
  readonly agentVersion?: string;
}

/** What a watcher knows of one node: its registry view and how fast it answered (and the token's role there and the agent's release, when asked), or why it does not answer. */
export type NodeState =
  | {
      readonly node: string;
      readonly reachable: true;
      readonly view: NodeView;
      readonly latencyMs: number;
      readonly at: Date;
      readonly role?: NodeRole;
      /** The token's scope there (globs), with `role`; empty = every service. */
      readonly scope?: readonly string[];
      readonly agentVersion?: string;
    }
  | { readonly node: string; readonly reachable: false; readonly error: { readonly code: string; readonly message: string }; readonly at: Date };

export interface NodeWatcher {
  /** The node's state changed: a new view (after an event, or a periodic refresh), or it stopped/started answering. */
  node(state: NodeState): void;
  /** One event the node recorded; `live` false for the history sent when the stream (re)opens. */
  event(node: string, event: NodeEvent, live: boolean): void;
}

export interface WatchOptions {
  /** Back-off before reconnecting to a node that failed. */
  readonly retryMs: number;
  /** A fresh view this often even without events: a node that hangs is noticed. */
  readonly refreshMs: number;
  /**
   * Asks the node, once per connection, what the token may do there and
   * which release it runs. In the CLI: `(g) => g.whoami()`.
   */
  readonly identify?: (gateway: AgentGateway) => Promise<NodeIdentity>;
}

/**
 * What `mcp ui` sees of every node: each node's event stream is followed once
 * (one gateway per node for as long as the watch runs: not fanOut, whose
 * `parallel` bound would keep nodes past it waiting for ever), and events
 * make it read the node's registry view again (ListServices: no runtime
 * touched). One read at a time per node: events that come while a view is
 * read ask for one more read after it, not one each (an event storm costs
 * two reads), and the periodic read only runs after `refreshMs` without one.
 * A node that fails is reported as unreachable and retried after a pause, so
 * it comes back by itself; the other nodes are not held up.
 */
export class WatchNodesCommand {
  constructor(
    private readonly nodes: NodeDirectory,
    private readonly gateways: AgentGatewayFactory,
    private readonly clock: Clock,
    private readonly pause: Pause,
    private readonly options: WatchOptions,
  ) {}

  /** Runs until `signal` aborts. */
  async watch(watcher: NodeWatcher, signal: AbortSignal): Promise<void> {
    const nodes = await this.nodes.list();
    // What every call needs locally (the CA, the token): missing, it is every node's one reason, tried again after a pause.
    while (!signal.aborted) {
      try {
        await this.gateways.prepare();
        break;
      } catch (e) {
        const error = asDomainError(e);
        for (const node of nodes) watcher.node({ node: node.name, reachable: false, error: { code: error.code, message: error.message }, at: this.clock.now() });
        await this.pause.sleep(this.options.retryMs, signal);
      }
    }
    await Promise.all(nodes.map((node) => this.follow(node, watcher, signal)));
  }

  private async follow(node: NodeEntry, watcher: NodeWatcher, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const round = new AbortController();
      const stop = () => round.abort();
      signal.addEventListener('abort', stop, { once: true });
      let gateway: AgentGateway | undefined;
      try {
        gateway = await this.gateways.open(node);
        const identity = this.options.identify ? await this.options.identify(gateway) : undefined;
        const open = gateway;
        const refresh = () => this.refresh(node, open, watcher, identity);
        await refresh();
        const stale = new Staleness();
        await Promise.race([this.stream(node, gateway, watcher, stale, round.signal), this.keepFresh(refresh, stale, round.signal)]);
        if (!signal.aborted) throw new Error(`${node.name} ended its event stream`);
      } catch (e) {
        if (!signal.aborted) {
          const error = asDomainError(e);
          watcher.node({ node: node.name, reachable: false, error: { code: error.code, message: error.message }, at: this.clock.now() });
        }
      } finally {
        round.abort();
        signal.removeEventListener('abort', stop);
        gateway?.close();
      }
      await this.pause.sleep(this.options.retryMs, signal);
    }
  }

  private async refresh(node: NodeEntry, gateway: AgentGateway, watcher: NodeWatcher, identity: NodeIdentity | undefined): Promise<void> {
    const started = this.clock.now().getTime();
    const view = await gateway.list();
    const at = this.clock.now();
    const said = identity ? { role: identity.role, scope: identity.services ?? [], ...(identity.agentVersion !== undefined ? { agentVersion: identity.agentVersion } : {}) } : {};
    watcher.node({ node: node.name, reachable: true, view, latencyMs: at.getTime() - started, at, ...said });
  }

  private async stream(node: NodeEntry, gateway: AgentGateway, watcher: NodeWatcher, stale: Staleness, signal: AbortSignal): Promise<void> {
    let live = false;
    for await (const batch of gateway.events({ follow: true }, signal)) {
      for (const event of batch.events) watcher.event(node.name, event, live);
      if (live && batch.events.length > 0) stale.mark();
      if (batch.caughtUp) live = true;
    }
  }

  /** Reads the view again when an event made it stale, or after `refreshMs` without a read: a node that hangs is noticed. */
  private async keepFresh(refresh: () => Promise<void>, stale: Staleness, signal: AbortSignal): Promise<never> {
    for (;;) {
      await stale.wait(this.pause, this.options.refreshMs, signal);
      if (signal.aborted) return new Promise<never>(() => undefined);
      await refresh();
    }
  }
}

/** Events since the last read of a node's view: a wait for the next read ends at once when there are. */
class Staleness {
  private stale = false;
  private wake: (() => void) | undefined;

  mark(): void {
    this.stale = true;
    this.wake?.();
  }

  /** Until marked stale (or already is), `ms` pass, or `signal` aborts; a wait that ends clears the mark. */
  async wait(pause: Pause, ms: number, signal: AbortSignal): Promise<void> {
    if (!this.stale) {
      const woken = new AbortController();
      const stop = () => woken.abort();
      signal.addEventListener('abort', stop, { once: true });
      this.wake = stop;
      try {
        await pause.sleep(ms, woken.signal);
      } finally {
        this.wake = undefined;
        signal.removeEventListener('abort', stop);
      }
    }
    this.stale = false;
  }
}
