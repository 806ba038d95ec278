import type { AgentGateway, AgentGatewayFactory, EventsRequest, LogsRequest } from '../../src/application/operator/ports/agent-gateway.port';
import type { ServiceLogLine } from '../../src/application/shared/results/log-line';
import type { NodeEvent } from '../../src/domain/events/transition-event';
import type { EventsBatch } from '../../src/application/shared/results/events-batch';
import type { StoredFile } from '../../src/application/shared/results/stored-file';
import type { NodeStatus } from '../../src/application/shared/results/service-status';
import type { ComponentOutcome, ServiceOutcome } from '../../src/application/shared/results/component-outcome';
import type { ComponentView, NodeView, SecretRef, ServiceView } from '../../src/application/shared/results/service-view';
import { ServiceScope } from '../../src/domain/identity/service-scope';
import type { ServiceSyncResult, SyncResult } from '../../src/application/shared/results/sync-result';
import { DomainError, ErrorCode } from '../../src/domain/errors/domain-error';
import type { TransitionEvent } from '../../src/domain/events/transition-event';
import { imageVersion } from '../../src/domain/image/image-version';
import { containerName } from '../../src/domain/names/container-name';
import type { UnmanagedContainer } from '../../src/domain/service/service-record';
import type { DeployStepListener } from '../../src/application/shared/results/deploy-step';
import type { ServiceSpec } from '../../src/domain/service/service-spec';
import { type Revision, numbered } from '../../src/domain/revision/revision';
import type { RollbackOutcome, ServiceHistory } from '../../src/application/shared/results/history';
import type { SecretListing } from '../../src/application/shared/results/secret-listing';
import { isDrift, type ObservedState } from '../../src/domain/state/states';
import type { WhoAmI } from '../../src/application/shared/results/who-am-i';
import type { AsyncChannel } from './async-channel';

export interface GatewayCall {
  readonly node: string;
  readonly method: string;
  readonly arg?: unknown;
}

/** One fake agent: what it holds, and how it fails. */
export class FakeNode {
  readonly services = new Map<string, ServiceView>();
  readonly events: TransitionEvent[] = [];
  readonly files = new Map<string, StoredFile>();
  unmanaged: UnmanagedContainer[] = [];
  /** Set: every call fails with this error (an unreachable node: NODE_UNAVAILABLE). */
  failure: DomainError | undefined;
  /** Component name → the error its deploy reports (and, when given, that it was put back as it was, with its last log lines). */
  readonly componentFailures = new Map<string, { code: string; message: string; restored?: boolean; logTail?: readonly string[] }>();
  /** Set: adopt answers this. */
  adoptAnswer: ServiceOutcome | undefined;
  /** What logs() streams (filtered by component when asked). */
  readonly logLines: ServiceLogLine[] = [];
  /** What events() streams, oldest first (filtered by service and since). */
  readonly nodeEvents: NodeEvent[] = [];
  /** What events() with follow sends after the caught-up mark. */
  readonly liveEvents: NodeEvent[] = [];
  /** Set: a follow stays open after everything was sent, until the signal aborts. */
  holdFollow = true;
  /** Set: every call waits for it before answering (a slow node; resolve it to let the node answer). */
  answerAfter: Promise<void> | undefined;

  /** Set: a follow, after liveEvents, passes on what is pushed here (a node recording events while watched). */
  liveChannel: AsyncChannel<NodeEvent> | undefined;
  /** Set: a logs follow, after logLines, passes on what is pushed here (a container writing while followed). */
  logChannel: AsyncChannel<ServiceLogLine> | undefined;
  /** Revisions of a service, newest first (revisions, issue 12). */
  readonly histories = new Map<string, Revision[]>();
  /** What whoami() answers: who the operator's token is on this node. */
  whoami: WhoAmI = { user: 'kyle', role: 'admin', services: [] };
  /** Secrets per service, as list answers them (no values). */
  readonly secrets = new Map<string, SecretListing[]>();

  constructor(readonly name: string) {}

  /** Holds `spec` as if deployed, each component observed as given (default running). */
  hold(spec: ServiceSpec, observed: Partial<Record<string, ObservedState>> = {}, startedAt?: Date): this {
    const desired = spec.active ? 'running' : 'stopped';
    this.services.set(spec.name, {
      spec,
      components: spec.components.map(
        (c): ComponentView => ({
          name: c.name,
          container: containerName(spec.name, c.name),
          image: c.image,
          version: imageVersion(c.image),
          desired,
          observed: observed[c.name] ?? 'running',
          drift: isDrift(desired, observed[c.name] ?? 'running'),
          ...(startedAt ? { startedAt } : {}),
        }),
      ),
    });
    return this;
  }
}

/**
 * A hand-written AgentGatewayFactory: per-node canned state, every call
 * recorded (node, method, argument), any node can be made to fail.
 */
export class FakeAgentGatewayFactory implements AgentGatewayFactory {
  readonly nodes = new Map<string, FakeNode>();
  readonly calls: GatewayCall[] = [];
  opened = 0;
  closed = 0;
  /** The most gateways open at the same time: what [cli] parallel bounds. */
  peakOpen = 0;
  parallel = 32;

  node(name: string): FakeNode {
    let n = this.nodes.get(name);
    if (!n) {
      n = new FakeNode(name);
      this.nodes.set(name, n);
    }
    return n;
  }

  /** The node answers nothing: NODE_UNAVAILABLE, like a refused connection or a timeout. */
  failNode(name: string, error = new DomainError(ErrorCode.NodeUnavailable, `node ${name} unavailable: connect ECONNREFUSED`)): void {
    this.node(name).failure = error;
  }

  /** Set to make prepare() and open() fail, as a missing token or CA certificate does. */
  localFailure: DomainError | undefined;

  async prepare(): Promise<void> {
    if (this.localFailure) throw this.localFailure;
  }

  callsTo(method: string): GatewayCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async open(node: { name: string; address: string }): Promise<AgentGateway> {
    // The real open() reads the CA certificate and the token too, failing as prepare() does.
    if (this.localFailure) throw this.localFailure;
    this.opened++;
    this.peakOpen = Math.max(this.peakOpen, this.opened - this.closed);
    return new FakeAgentGateway(this.node(node.name), this);
  }
}

class FakeAgentGateway implements AgentGateway {
  constructor(private readonly n: FakeNode, private readonly factory: FakeAgentGatewayFactory) {}

  private async enter(method: string, arg?: unknown): Promise<void> {
    this.factory.calls.push({ node: this.n.name, method, ...(arg !== undefined ? { arg } : {}) });
    if (this.n.answerAfter) await this.n.answerAfter;
    if (this.n.failure) throw this.n.failure;
  }

  private held(service: string): ServiceView {
    const s = this.n.services.get(service);
    if (!s) throw new DomainError(ErrorCode.ServiceNotFound, `service ${service} is not known on node ${this.n.name}`);
    return s;
  }

  private outcome(view: ServiceView, only?: string, observed?: ObservedState): ServiceOutcome {
    const results = view.components
      .filter((c) => only === undefined || c.name === only)
      .map((c): ComponentOutcome => {
        const failed = this.n.componentFailures.get(c.name);
        return failed
          ? {
              component: c.name,
              container: c.container,
              ok: false,
              error: { code: failed.code, message: failed.message },
              ...(failed.restored ? { restored: true } : {}),
              ...(failed.logTail ? { logTail: failed.logTail } : {}),
            }
          : { component: c.name, container: c.container, ok: true, desired: c.desired, observed: observed ?? c.observed, version: c.version };
      });
    return { service: view.spec.name, results };
  }

  async deploy(input: { spec?: ServiceSpec; serviceName?: string; component?: string }, onStep?: DeployStepListener): Promise<ServiceOutcome> {
    await this.enter('deploy', input);
    if (input.spec) this.n.hold(input.spec);
    const view = this.held(input.spec?.name ?? input.serviceName ?? '');
    if (input.component !== undefined && !view.components.some((c) => c.name === input.component)) {
      throw new DomainError(ErrorCode.ComponentNotFound, `service ${view.spec.name} has no component ${input.component}`);
    }
    const outcome = this.outcome(view, input.component, 'running');
    // As an agent streams them: one step per component.
    for (const r of outcome.results) onStep?.({ component: r.component, step: r.ok ? 'done' : 'failed', ...(r.error ? { message: r.error.message } : {}) });
    return outcome;
  }
  async stop(service: string) {
    await this.enter('stop', service);
    return this.outcome(this.held(service), undefined, 'exited');
  }
  async start(service: string) {
    await this.enter('start', service);
    return this.outcome(this.held(service), undefined, 'running');
  }
  async restart(service: string) {
    await this.enter('restart', service);
    return this.outcome(this.held(service), undefined, 'running');
  }
  async list(): Promise<NodeView> {
    await this.enter('list');
    return { node: this.n.name, services: [...this.n.services.values()], unmanaged: this.n.unmanaged };
  }
  /** Like the agent: only what the token's scope (whoami) holds; `secretRefs` answered from `secrets`. */
  async liveCheck(query: { secretRefs?: readonly SecretRef[] } = {}): Promise<NodeView> {
    await this.enter('liveCheck', query.secretRefs !== undefined ? query : undefined);
    const scope = ServiceScope.of(this.n.whoami.services);
    const view = { node: this.n.name, services: [...this.n.services.values()].filter((s) => scope.includes(s.spec.name)), unmanaged: scope.isAll ? this.n.unmanaged : [] };
    if (!query.secretRefs || query.secretRefs.length === 0) return view;
    const held = (r: SecretRef) => (this.n.secrets.get(r.service) ?? []).some((s) => s.name === r.name && s.set);
    return { ...view, missingSecrets: query.secretRefs.filter((r) => scope.includes(r.service) && !held(r)) };
  }
  async status(input: { service?: string; eventLimit?: number }): Promise<NodeStatus> {
    await this.enter('status', input);
    const views = input.service !== undefined ? [this.held(input.service)] : [...this.n.services.values()];
    return { node: this.n.name, services: views.map((service) => ({ service, recentEvents: this.n.events.filter((e) => e.service === service.spec.name) })) };
  }
  async sync(specs: readonly ServiceSpec[]): Promise<SyncResult> {
    await this.enter('sync', specs);
    const sent = new Set(specs.map((s) => s.name));
    const results: ServiceSyncResult[] = specs.map((s) => {
      const change = this.n.services.has(s.name) ? ('updated' as const) : ('created' as const);
      this.n.hold(s);
      return { service: s.name, change, details: [] };
    });
    for (const name of this.n.services.keys()) if (!sent.has(name)) results.push({ service: name, change: 'not-sent', details: ['held by the agent but not sent; left as it is'] });
    return { node: this.n.name, results, unmanaged: this.n.unmanaged };
  }
  async adopt(service: string) {
    await this.enter('adopt', service);
    return this.n.adoptAnswer ?? { service, results: [] };
  }
  async push(input: { service: string; path: string; content: Uint8Array; mode: number }) {
    await this.enter('push', input);
    this.n.files.set(`${input.service}/${input.path}`, { content: Uint8Array.from(input.content), mode: input.mode });
    return { path: `/srv/${input.service}/${input.path}`, size: input.content.length };
  }
  async pull(input: { service: string; path: string }): Promise<StoredFile> {
    await this.enter('pull', input);
    const f = this.n.files.get(`${input.service}/${input.path}`);
    if (!f) throw new DomainError(ErrorCode.FileNotFound, `no file ${input.path} for service ${input.service}`);
    return f;
  }
  // Image inspect (revisions).
  async history(service: string): Promise<ServiceHistory> {
    await this.enter('history', service);
    this.held(service);
    const revisions = this.n.histories.get(service) ?? [];
    const current = numbered(revisions)[0]?.number;
    return { service, node: this.n.name, revisions, ...(current !== undefined ? { current } : {}) };
  }
  /** Like the agent: the revision asked for (default the one before the current) is deployed and becomes the next. */
  async rollback(input: { service: string; to?: number }): Promise<RollbackOutcome> {
    await this.enter('rollback', input);
    this.held(input.service);
    const history = numbered(this.n.histories.get(input.service) ?? []);
    const target = input.to === undefined ? history[1] : history.find((r) => r.number === input.to);
    if (!target) throw new DomainError(ErrorCode.RevisionNotFound, `service ${input.service} has no revision ${input.to ?? 'before the current one'}`);
    this.n.hold(target.spec);
    const outcome = this.outcome(this.held(input.service), undefined, 'running');
    const ok = outcome.results.every((r) => r.ok);
    const revision = (history[0]?.number ?? 0) + 1;
    if (ok) this.n.histories.set(input.service, [{ ...target, number: revision, note: `rollback to ${target.number}` }, ...(this.n.histories.get(input.service) ?? [])]);
    return { outcome: ok ? { ...outcome, revision } : outcome, to: target.number!, spec: target.spec, ...(ok ? { revision } : {}) };
  }
  async whoami(): Promise<WhoAmI> {
    await this.enter('whoami');
    return this.n.whoami;
  }
  async setSecret(input: { service: string; name: string; value: Uint8Array }): Promise<SecretListing> {
    // The value is not recorded: a fake that kept it could hide a leak in a test that greps the calls.
    await this.enter('setSecret', { service: input.service, name: input.name, size: input.value.length });
    const previous = this.n.secrets.get(input.service)?.find((s) => s.name === input.name);
    const listing: SecretListing = { name: input.name, set: true, version: (previous?.version ?? 0) + 1, size: input.value.length, updatedAt: new Date(0), updatedBy: 'fake', usedBy: [] };
    this.n.secrets.set(input.service, [...(this.n.secrets.get(input.service) ?? []).filter((s) => s.name !== input.name), listing]);
    return listing;
  }
  async listSecrets(service: string): Promise<SecretListing[]> {
    await this.enter('listSecrets', service);
    return this.n.secrets.get(service) ?? [];
  }
  async removeSecret(input: { service: string; name: string }): Promise<void> {
    await this.enter('removeSecret', input);
    const held = this.n.secrets.get(input.service) ?? [];
    if (!held.some((s) => s.name === input.name)) throw new DomainError(ErrorCode.SecretNotFound, `service ${input.service} has no secret ${input.name}`);
    this.n.secrets.set(input.service, held.filter((s) => s.name !== input.name));
  }
  close(): void {
    this.factory.closed++;
  }
  async *logs(request: LogsRequest, signal?: AbortSignal): AsyncGenerator<readonly ServiceLogLine[]> {
    await this.enter('logs', request);
    this.held(request.service);
    // One line a batch: the CLI must print every batch, however the agent cuts them.
    for (const l of this.n.logLines) if (request.component === undefined || l.component === request.component) yield [l];
    if (request.follow && this.n.logChannel) for await (const l of this.n.logChannel.read(signal)) yield [l];
    else if (request.follow && this.n.holdFollow) await untilAborted(signal);
  }
  async *events(request: EventsRequest, signal?: AbortSignal): AsyncGenerator<EventsBatch> {
    await this.enter('events', request);
    if (request.service !== undefined) this.held(request.service);
    yield { events: this.n.nodeEvents.filter((e) => (request.service === undefined || e.service === request.service) && (!request.since || e.at >= request.since)) };
    if (!request.follow) return;
    yield { events: [], caughtUp: true };
    for (const e of this.n.liveEvents) yield { events: [e] };
    if (this.n.liveChannel) for await (const e of this.n.liveChannel.read(signal)) yield { events: [e] };
    else if (this.n.holdFollow) await untilAborted(signal);
  }
}

function untilAborted(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (!signal || signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
