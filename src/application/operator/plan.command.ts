import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { ServiceScope } from '../../domain/identity/service-scope';
import { assertValidName } from '../../domain/names/name.value';
import { type FieldChange, diffComponent } from '../../domain/service/spec-diff';
import { type ServiceSpec, secretNamesOf } from '../../domain/service/service-spec';
import type { NodeView, SecretRef, ServiceView } from '../shared/results/service-view';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { NodeDirectory, NodeEntry, ServiceDefinitions } from './ports/operator.ports';
import { type NodeResult, asDomainError, fanOut } from './support/fan-out';
import { nodeNamed } from './support/node-locator';

export type PlanMark = '~' | '+' | '-' | '=' | '!' | '?';

export interface PlanRow {
  readonly mark: PlanMark;
  readonly component: string;
  readonly changes: readonly FieldChange[];
  /** For `!`: the drift, e.g. "desired running, observed exited". */
  readonly drift?: { readonly desired: string; readonly observed: string };
  /** For `!`: secrets the component uses that its node does not hold: the deploy would be refused (SECRET_NOT_FOUND). */
  readonly missingSecrets?: readonly string[];
}

export interface ServicePlan {
  readonly service: string;
  readonly node: string;
  /**
   * change: compared with the node; new: the node does not hold it; only-on-node: no file; inactive: deploy would refuse;
   * skipped: outside the token's scope on its node (`skipped` says so); error: no answer.
   */
  readonly kind: 'change' | 'new' | 'only-on-node' | 'inactive' | 'skipped' | 'error';
  readonly rows: readonly PlanRow[];
  readonly error?: { readonly code: string; readonly message: string };
  /** For kind skipped: why, e.g. "outside the token's scope (web-*)". */
  readonly skipped?: string;
}

export interface PlanResult {
  readonly services: readonly ServicePlan[];
  /** Nodes asked that did not answer: whatever they hold without a file is missing from `services`. */
  readonly nodeErrors: ReadonlyArray<{ readonly node: string; readonly error: { readonly code: string; readonly message: string } }>;
  /** Some `~ + - !` row: a deploy would change something. */
  readonly pending: boolean;
  /** Some service could not be planned, a node did not answer, or a deploy would be refused (a missing secret). */
  readonly failed: boolean;
}

/** What one node answered a plan: its view (with the file's secrets it does not hold) and the token's scope there. */
export interface PlanAnswer {
  readonly view: NodeView;
  readonly scope: ServiceScope;
}

const PENDING: ReadonlySet<PlanMark> = new Set<PlanMark>(['~', '+', '-', '!']);

/**
 * `mcp plan [<service>...]`: what `mcp deploy` of each file would do, changing
 * nothing. It reuses LiveCheck (one call per node; it refreshes observed
 * state, so drift is current, and touches no container or spec) and compares
 * in the CLI: the file against the spec the node holds, field by field.
 */
export class PlanCommand {
  constructor(
    private readonly nodes: NodeDirectory,
    private readonly definitions: ServiceDefinitions,
    private readonly gateways: AgentGatewayFactory,
  ) {}

  async execute(input: { services: readonly string[] }): Promise<PlanResult> {
    const named = input.services.map((s) => assertValidName('service', s));
    const files = await this.files(named);
    const all = await this.nodes.list();
    // Named services without a file may be on any node; with no names, every node is asked for services without a file.
    const withoutFile = named.filter((n) => !files.some((f) => f.spec.name === n));
    const nodeOf = new Map<string, NodeEntry | DomainError>();
    for (const f of files) nodeOf.set(f.spec.name, await nodeNamed(this.nodes, f.spec.node, f.path).catch((e: unknown) => asDomainError(e)));
    const asked = named.length === 0 || withoutFile.length > 0 ? all : all.filter((n) => files.some((f) => f.spec.node === n.name));
    // The secrets each node's files use (so the node says which it lacks) and the token's scope there (WhoAmI), with the view.
    const refsFor = (node: string): SecretRef[] =>
      files.filter((f) => f.spec.node === node && f.spec.active).flatMap((f) => f.spec.components.flatMap((c) => secretNamesOf(c).map((name) => ({ service: f.spec.name, name }))));
    const answers = await fanOut(this.gateways, asked, async (g, node): Promise<PlanAnswer> => {
      const refs = refsFor(node.name);
      const [view, who] = await Promise.all([g.liveCheck(refs.length > 0 ? { secretRefs: refs } : undefined), g.whoami()]);
      return { view, scope: ServiceScope.of(who.services) };
    });
    const views = new Map(answers.map((r) => [r.node, r]));

    const plans: ServicePlan[] = files.map((f) => {
      const node = nodeOf.get(f.spec.name)!;
      if (node instanceof DomainError) return { service: f.spec.name, node: f.spec.node, kind: 'error', rows: [], error: { code: node.code, message: node.message } };
      return planService(f.spec, views.get(node.name)!);
    });
    const wanted = named.length === 0 ? undefined : new Set(withoutFile);
    for (const row of views.values()) {
      if (!row.ok) continue;
      for (const s of row.value.view.services) {
        if (files.some((f) => f.spec.name === s.spec.name) || (wanted && !wanted.has(s.spec.name))) continue;
        plans.push({ service: s.spec.name, node: row.node, kind: 'only-on-node', rows: [{ mark: '?', component: '', changes: [] }] });
      }
    }
    for (const name of withoutFile) {
      if (plans.some((p) => p.service === name)) continue;
      const failed = [...views.values()].filter((r) => !r.ok).map((r) => r.node);
      const message = `no file ${this.definitions.defaultPath(name)} and no node holds ${name}${failed.length ? ` (no answer from ${failed.join(', ')})` : ''}`;
      plans.push({ service: name, node: '', kind: 'error', rows: [], error: { code: ErrorCode.ServiceNotFound, message } });
    }
    const nodeErrors = answers.flatMap((r) => (r.ok ? [] : [{ node: r.node, error: r.error }]));
    return {
      services: plans,
      nodeErrors,
      pending: plans.some((p) => p.rows.some((r) => PENDING.has(r.mark))),
      failed: nodeErrors.length > 0 || plans.some((p) => p.kind === 'error' || p.rows.some((r) => r.missingSecrets)),
    };
  }

  private async files(named: readonly string[]): Promise<ReadonlyArray<{ path: string; spec: ServiceSpec }>> {
    if (named.length === 0) return this.definitions.loadAll();
    const out: Array<{ path: string; spec: ServiceSpec }> = [];
    for (const name of named) {
      const path = this.definitions.defaultPath(name);
      if (await this.definitions.exists(path)) out.push({ path, spec: await this.definitions.load(path) });
    }
    return out;
  }
}

/**
 * The rows of one file against what its node answered. A service outside
 * the token's scope does not exist for it (SPEC "Roles and scoped tokens"):
 * skipped, as `sync` skips it, never "new". A component using a secret the
 * node does not hold is `!`: its deploy would be refused.
 */
export function planService(spec: ServiceSpec, answer: NodeResult<PlanAnswer>): ServicePlan {
  const base = { service: spec.name, node: answer.node };
  if (!answer.ok) return { ...base, kind: 'error', rows: [], error: answer.error };
  const { view, scope } = answer.value;
  if (!scope.includes(spec.name)) return { ...base, kind: 'skipped', rows: [], skipped: `outside the token's scope (${scope.describe()})` };
  if (!spec.active) return { ...base, kind: 'inactive', rows: [] };
  const missing = new Set((view.missingSecrets ?? []).filter((r) => r.service === spec.name).map((r) => r.name));
  const held = view.services.find((s) => s.spec.name === spec.name);
  const rows = spec.components.map((c): PlanRow => {
    const row: PlanRow = held ? componentRow(c, held) : { mark: '+', component: c.name, changes: [] };
    const lacking = secretNamesOf(c).filter((n) => missing.has(n));
    return lacking.length > 0 ? { ...row, mark: '!', missingSecrets: lacking } : row;
  });
  if (!held) return { ...base, kind: 'new', rows };
  return { ...base, kind: 'change', rows: [...rows, ...dropped(spec, held)] };
}

function componentRow(wanted: ServiceSpec['components'][number], held: ServiceView): PlanRow {
  const current = held.spec.components.find((c) => c.name === wanted.name);
  const view = held.components.find((c) => c.name === wanted.name);
  if (!current || !view) return { mark: '+', component: wanted.name, changes: [] };
  const changes: FieldChange[] = diffComponent(current, wanted);
  // The node holds a newer value than the container got: a deploy applies it (never the value, only the name).
  for (const name of view.changedSecrets ?? []) changes.push({ field: 'secret', name });
  // A deploy runs every component of the file: one the node keeps stopped will run.
  if (view.desired !== 'running') changes.push({ field: 'state', from: view.desired, to: 'running' });
  if (changes.length > 0) return { mark: '~', component: wanted.name, changes };
  if (view.drift) return { mark: '!', component: wanted.name, changes, drift: { desired: view.desired, observed: view.observed } };
  return { mark: '=', component: wanted.name, changes };
}

function dropped(spec: ServiceSpec, held: ServiceView): PlanRow[] {
  return held.spec.components.filter((c) => !spec.components.some((w) => w.name === c.name)).map((c) => ({ mark: '-', component: c.name, changes: [] }));
}
