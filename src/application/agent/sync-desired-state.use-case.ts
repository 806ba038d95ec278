import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import type { ComponentRecord, ServiceRecord } from '../../domain/service/service-record';
import { newComponentRecord, specOf } from '../../domain/service/service-record';
import { assertNoNameCollision } from '../../domain/names/name-collision';
import { type ServiceSpec, sameComponentSpec } from '../../domain/service/service-spec';
import type { AgentSettings } from './ports/agent-settings.port';
import type { ContainerRuntime } from './ports/container-runtime.port';
import type { Registry } from './ports/registry.port';
import type { SyncResult, ServiceSyncResult } from '../shared/results/sync-result';
import type { KeyedLock } from './support/keyed-lock';
import { unmanagedContainers } from './support/unmanaged-containers';


/**
 * Makes the registry's desired state match the operator's files. It changes
 * desired state only: containers are left to deploy/start/stop, and the
 * monitor reports the drift in between. Services not sent are reported,
 * never deleted.
 */
export class SyncDesiredStateUseCase {
  constructor(
    private readonly registry: Registry,
    private readonly runtime: ContainerRuntime,
    private readonly lock: KeyedLock,
    private readonly settings: Pick<AgentSettings, 'nodeName'>,
  ) {}

  async execute(specs: readonly ServiceSpec[]): Promise<SyncResult> {
    const node = this.settings.nodeName;
    const names = new Set<string>();
    for (const spec of specs) {
      if (spec.node !== node) throw new DomainError(ErrorCode.WrongNode, `service ${spec.name} is for node ${spec.node}, this agent is node ${node}`);
      if (names.has(spec.name)) throw new DomainError(ErrorCode.InvalidArgument, `service ${spec.name} was sent twice`);
      names.add(spec.name);
    }
    // What the registry will hold: the services sent, and those it keeps because they were not sent.
    const kept = (await this.registry.listServices()).filter((s) => !names.has(s.name)).map(specOf);
    assertNoNameCollision([...kept, ...specs]);
    const results: ServiceSyncResult[] = [];
    for (const spec of specs) results.push(await this.lock.run(spec.name, () => this.syncOne(spec)));

    const held = await this.registry.listServices();
    for (const s of held) if (!names.has(s.name)) results.push({ service: s.name, change: 'not-sent', details: ['held by the agent but not sent; left as it is'] });

    const unmanaged = unmanagedContainers(held, await this.runtime.list());
    await this.registry.replaceUnmanaged(unmanaged);
    return { node, results, unmanaged };
  }

  private async syncOne(spec: ServiceSpec): Promise<ServiceSyncResult> {
    const existing = await this.registry.getService(spec.name);
    const desired = spec.active ? 'running' : 'stopped';
    if (!existing) {
      await this.registry.saveService({ name: spec.name, node: spec.node, active: spec.active, components: spec.components.map((c) => newComponentRecord(c, desired)) });
      return { service: spec.name, change: 'created', details: spec.components.map((c) => `component ${c.name} added (desired ${desired})`) };
    }
    const details = describeChanges(existing, spec, desired);
    if (details.length === 0) return { service: spec.name, change: 'unchanged', details: [] };
    const previous = new Map(existing.components.map((c) => [c.spec.name, c]));
    const components: ComponentRecord[] = spec.components.map((c) => ({ ...(previous.get(c.name) ?? newComponentRecord(c, desired)), spec: c, desired }));
    await this.registry.saveService({ name: spec.name, node: spec.node, active: spec.active, components });
    return { service: spec.name, change: 'updated', details };
  }
}

function describeChanges(existing: ServiceRecord, spec: ServiceSpec, desired: 'running' | 'stopped'): string[] {
  const details: string[] = [];
  if (existing.active !== spec.active) details.push(`active ${existing.active} → ${spec.active}`);
  const before = new Map(existing.components.map((c) => [c.spec.name, c]));
  for (const c of spec.components) {
    const old = before.get(c.name);
    if (!old) details.push(`component ${c.name} added (desired ${desired})`);
    else {
      if (old.spec.image !== c.image) details.push(`component ${c.name}: image ${old.spec.image} → ${c.image}`);
      else if (!sameComponentSpec(old.spec, c)) details.push(`component ${c.name}: spec changed`);
      if (old.desired !== desired) details.push(`component ${c.name}: desired ${old.desired} → ${desired}`);
    }
  }
  for (const name of before.keys()) if (!spec.components.some((c) => c.name === name)) details.push(`component ${name} removed from the definition`);
  const order = (cs: readonly { name: string }[]) => cs.map((c) => c.name).join(',');
  if (details.length === 0 && order(existing.components.map((c) => c.spec)) !== order(spec.components)) details.push('component order changed');
  return details;
}
