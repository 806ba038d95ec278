import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { assertValidName } from '../../domain/names/name.value';
import { type FieldChange, diffComponent } from '../../domain/service/spec-diff';
import type { ServiceSpec } from '../../domain/service/service-spec';
import type { NodeView, ServiceView } from '../shared/results/service-view';
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
}

export interface ServicePlan {
  readonly service: string;
  readonly node: string;
  /** change: compared with the node; new: the node does not hold it; only-on-node: no file; inactive: deploy would refuse; error: no answer. */
  readonly kind: 'change' | 'new' | 'only-on-node' | 'inactive' | 'error';
  readonly rows: readonly PlanRow[];
  readonly error?: { readonly code: string; readonly message: string };
}

export interface PlanResult {
  readonly services: readonly ServicePlan[];
  /** Some `~ + - !` row: a deploy would change something. */
  readonly pending: boolean;
  /** Some service could not be planned. */
  readonly failed: boolean;
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
    const views = new Map((await fanOut(this.gateways, asked, (g) => g.liveCheck())).map((r) => [r.node, r]));

    const plans: ServicePlan[] = files.map((f) => {
      const node = nodeOf.get(f.spec.name)!;
      if (node instanceof DomainError) return { service: f.spec.name, node: f.spec.node, kind: 'error', rows: [], error: { code: node.code, message: node.message } };
      return planService(f.spec, views.get(node.name)!);
    });
    const wanted = named.length === 0 ? undefined : new Set(withoutFile);
    for (const row of views.values()) {
      if (!row.ok) continue;
      for (const s of row.value.services) {
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
    return {
      services: plans,
      pending: plans.some((p) => p.rows.some((r) => PENDING.has(r.mark))),
      failed: plans.some((p) => p.kind === 'error'),
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

/** The rows of one file against what its node answered. */
export function planService(spec: ServiceSpec, answer: NodeResult<NodeView>): ServicePlan {
  const base = { service: spec.name, node: answer.node };
  if (!answer.ok) return { ...base, kind: 'error', rows: [], error: answer.error };
  if (!spec.active) return { ...base, kind: 'inactive', rows: [] };
  const held = answer.value.services.find((s) => s.spec.name === spec.name);
  if (!held) return { ...base, kind: 'new', rows: spec.components.map((c) => ({ mark: '+', component: c.name, changes: [] })) };
  return { ...base, kind: 'change', rows: [...spec.components.map((c) => componentRow(c, held)), ...dropped(spec, held)] };
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
