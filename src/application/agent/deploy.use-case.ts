import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { imageVersion } from '../../domain/image/image-version';
import { containerName } from '../../domain/names/container-name';
import { assertValidName } from '../../domain/names/name.value';
import { toContainerSpec } from '../../domain/service/container-spec';
import { type ComponentRecord, type ServiceRecord, newComponentRecord } from '../../domain/service/service-record';
import { type ComponentSpec, type ServiceSpec, findComponent } from '../../domain/service/service-spec';
import type { AgentSettings } from './ports/agent-settings.port';
import type { Clock } from '../shared/ports/clock.port';
import type { ContainerRuntime } from './ports/container-runtime.port';
import type { ObservedUpdate, Registry } from './ports/registry.port';
import { type ComponentOutcome, type ServiceOutcome, outcomeError } from '../shared/results/component-outcome';
import type { KeyedLock } from './support/keyed-lock';
import { ensureImage } from './support/ensure-image';
import type { RevisionRecorder } from './support/revision-recorder';

export interface DeployInput {
  /** The whole definition; when absent, the spec the registry holds for `serviceName`. */
  readonly spec?: ServiceSpec;
  readonly serviceName?: string;
  /** Deploy this component only. */
  readonly component?: string;
  /** Who asked (the token's user), for the history; default "unknown". */
  readonly caller?: string;
  /** Why, for the history ("rollback to 3"). */
  readonly note?: string;
  /**
   * Per component, the image to run instead of the spec's (an image ID or a
   * `repo@sha256:…`), pulled only when missing; the spec keeps its reference.
   */
  readonly runImages?: Readonly<Record<string, string>>;
}

/**
 * Records the spec, pulls every image first, then replaces containers in
 * file order. A failed pull leaves that component's old container running;
 * the other components go on.
 */
export class DeployUseCase {
  constructor(
    private readonly registry: Registry,
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    private readonly lock: KeyedLock,
    private readonly settings: Pick<AgentSettings, 'nodeName'>,
    private readonly revisions?: RevisionRecorder,
  ) {}

  async execute(input: DeployInput): Promise<ServiceOutcome> {
    const name = assertValidName('service', input.spec?.name ?? input.serviceName);
    return this.lock.run(name, async () => {
      const existing = await this.registry.getService(name);
      const spec = this.resolveSpec(name, input.spec, existing);
      const targets = input.component !== undefined ? [findComponent(spec, assertValidName('component', input.component))] : spec.components;
      if (!spec.active) {
        throw new DomainError(ErrorCode.ServiceInactive, `service ${name} is inactive (active = false): run "mcp start ${name}" to run it`);
      }
      const dropped = input.component === undefined ? (existing?.components ?? []).filter((c) => !spec.components.some((s) => s.name === c.spec.name)) : [];
      await this.registry.saveService(this.recordFor(spec, existing, targets, input.component !== undefined));

      const run = input.runImages ?? {};
      const pulled = await this.pullAll(targets, run);
      const results: ComponentOutcome[] = [];
      for (const component of targets) {
        const pullError = pulled.get(component.name);
        results.push(pullError ? this.failed(name, component, pullError) : await this.replace(name, component, run[component.name]));
      }
      for (const gone of dropped) results.push(await this.removeDropped(name, gone));
      const imageIds = await this.recordObserved(name, results, targets);
      const outcome: ServiceOutcome = { service: name, results };
      if (!this.revisions) return outcome;
      const revision = await this.revisions.record({ spec, outcome, imageIds, caller: input.caller ?? 'unknown', note: input.note ?? '' });
      return revision.number !== undefined ? { ...outcome, revision: revision.number } : outcome;
    });
  }

  private resolveSpec(name: string, given: ServiceSpec | undefined, existing: ServiceRecord | undefined): ServiceSpec {
    if (given) {
      if (given.node !== this.settings.nodeName) {
        throw new DomainError(ErrorCode.WrongNode, `service ${name} is for node ${given.node}, this agent is node ${this.settings.nodeName}`);
      }
      return given;
    }
    if (!existing) throw new DomainError(ErrorCode.ServiceNotFound, `service ${name} is not known on node ${this.settings.nodeName}: deploy it from its file`);
    return { name: existing.name, node: existing.node, active: existing.active, components: existing.components.map((c) => c.spec) };
  }

  /** With one component, only that component's spec changes; the rest stays as recorded. */
  private recordFor(spec: ServiceSpec, existing: ServiceRecord | undefined, targets: readonly ComponentSpec[], single: boolean): ServiceRecord {
    const previous = new Map((existing?.components ?? []).map((c) => [c.spec.name, c]));
    const deployed = (c: ComponentSpec): ComponentRecord => ({ ...(previous.get(c.name) ?? newComponentRecord(c, 'running')), spec: c, desired: 'running' });
    if (!single) return { name: spec.name, node: spec.node, active: spec.active, components: spec.components.map(deployed) };
    const target = targets[0]!;
    const kept = existing?.components ?? [];
    const components = kept.some((c) => c.spec.name === target.name)
      ? kept.map((c) => (c.spec.name === target.name ? deployed(target) : c))
      : [...kept, deployed(target)];
    return { name: spec.name, node: spec.node, active: existing?.active ?? spec.active, components };
  }

  private async pullAll(targets: readonly ComponentSpec[], run: Readonly<Record<string, string>>): Promise<Map<string, DomainError>> {
    const failures = new Map<string, DomainError>();
    const byImage = new Map<string, Promise<void>>();
    for (const c of targets) {
      const image = run[c.name] ?? c.image;
      const policy = run[c.name] !== undefined ? 'missing' : c.pull;
      // Two components on one image pull it once.
      const key = `${image}\0${policy}`;
      if (!byImage.has(key)) byImage.set(key, ensureImage(this.runtime, image, policy));
      try {
        await byImage.get(key);
      } catch (e) {
        failures.set(c.name, e instanceof DomainError ? e : new DomainError(ErrorCode.ImagePullFailed, String(e)));
      }
    }
    return failures;
  }

  private async replace(service: string, component: ComponentSpec, runImage: string | undefined): Promise<ComponentOutcome> {
    const container = containerName(service, component.name);
    try {
      await this.runtime.stop(container).catch((e: unknown) => {
        if (!(e instanceof DomainError && e.code === ErrorCode.ContainerNotFound)) throw e;
      });
      await this.runtime.remove(container);
      await this.runtime.run(toContainerSpec(service, runImage !== undefined ? { ...component, image: runImage } : component));
      return { component: component.name, container, ok: true, desired: 'running', version: imageVersion(component.image) };
    } catch (e) {
      return { component: component.name, container, ok: false, desired: 'running', error: outcomeError(e) };
    }
  }

  private failed(service: string, component: ComponentSpec, error: DomainError): ComponentOutcome {
    return { component: component.name, container: containerName(service, component.name), ok: false, desired: 'running', error: outcomeError(error) };
  }

  /** A component gone from the definition takes its container with it. */
  private async removeDropped(service: string, gone: ComponentRecord): Promise<ComponentOutcome> {
    const container = containerName(service, gone.spec.name);
    try {
      await this.runtime.remove(container);
      return { component: gone.spec.name, container, ok: true, observed: 'removed' };
    } catch (e) {
      return { component: gone.spec.name, container, ok: false, error: outcomeError(e) };
    }
  }

  /** One inspect for every container touched, then one registry batch; answers the image ID each component now runs. */
  private async recordObserved(service: string, results: ComponentOutcome[], targets: readonly ComponentSpec[]): Promise<Map<string, string>> {
    const names = targets.map((c) => containerName(service, c.name));
    const seen = new Map((await this.runtime.inspect(names)).map((c) => [c.name, c]));
    const now = this.clock.now();
    const updates: ObservedUpdate[] = [];
    results.forEach((r, i) => {
      if (!names.includes(r.container)) return;
      const info = seen.get(r.container);
      const observed = info ? info.state : 'removed';
      results[i] = { ...r, observed };
      updates.push({
        service,
        component: r.component,
        observed,
        at: now,
        ...(info?.startedAt ? { startedAt: info.startedAt } : {}),
        ...(r.ok && r.version !== undefined ? { version: r.version } : {}),
      });
    });
    await this.registry.updateObserved(updates);
    return new Map(targets.flatMap((c) => {
      const id = seen.get(containerName(service, c.name))?.imageId;
      return id !== undefined ? [[c.name, id] as const] : [];
    }));
  }
}
