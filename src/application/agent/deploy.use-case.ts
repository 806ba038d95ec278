import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import type { DeployEvent } from '../../domain/events/transition-event';
import { imageVersion } from '../../domain/image/image-version';
import { containerName, previousContainerName } from '../../domain/names/container-name';
import { assertNoCollisionWith } from '../../domain/names/name-collision';
import { assertValidName } from '../../domain/names/name.value';
import { toContainerSpec } from '../../domain/service/container-spec';
import { type ComponentRecord, type ServiceRecord, newComponentRecord, specOf } from '../../domain/service/service-record';
import { type ComponentSpec, type ServiceSpec, findComponent } from '../../domain/service/service-spec';
import type { Clock } from '../shared/ports/clock.port';
import { type ComponentOutcome, type ServiceOutcome, outcomeError } from '../shared/results/component-outcome';
import type { DeployStep, DeployStepListener } from '../shared/results/deploy-step';
import { type GatePorts, passGate, seconds } from './deploy/deploy-gate';
import { undoComponents } from './deploy/undo-deploy';
import { type SecretMaterial, type SecretVersions, resolveSecretMaterial, versionsOf, withSecrets } from './deploy/secret-material';
import type { SecretStore } from './ports/secret-store.port';
import { type AgentSettings, DEFAULT_SETTLE_TIME_MS } from './ports/agent-settings.port';
import type { ContainerExec } from './ports/container-exec.port';
import type { ContainerLogs } from './ports/container-logs.port';
import type { ContainerRuntime } from './ports/container-runtime.port';
import type { DeployJournal, JournalComponent } from './ports/deploy-journal.port';
import type { HealthProbe } from './ports/health-probe.port';
import type { ObservedUpdate, Registry } from './ports/registry.port';
import type { Sleeper } from './ports/sleeper.port';
import { ensureImage } from './support/ensure-image';
import type { KeyedLock } from './support/keyed-lock';
import type { DeployAttempt, RevisionRecorder } from './support/revision-recorder';

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
  /**
   * Chooses spec, images and note once the service's lock is held, so no
   * other deploy lands between reading what to deploy and deploying it (a
   * rollback reads the history here). Its errors end the deploy unchanged.
   */
  readonly chooseUnderLock?: () => Promise<Pick<DeployInput, 'spec' | 'runImages' | 'note' | 'secretVersions'>>;
  /** Per component, the secret versions to run instead of the current ones (a rollback). */
  readonly secretVersions?: SecretVersions;
}

export interface DeployPorts {
  readonly registry: Registry;
  readonly journal: DeployJournal;
  readonly runtime: ContainerRuntime;
  readonly logs: ContainerLogs;
  readonly exec: ContainerExec;
  readonly probe: HealthProbe;
  readonly clock: Clock;
  readonly sleeper: Sleeper;
  readonly lock: KeyedLock;
  readonly settings: Pick<AgentSettings, 'nodeName' | 'settleTimeMs'>;
  /** Turns each finished deploy into history (revisions, issue 12). */
  readonly revisions?: RevisionRecorder;
  /** Secret values; absent: a component that references one is refused. */
  readonly secrets?: SecretStore;
}

/** The failing component's last lines: enough to see why, short enough for a terminal. */
export const LOG_TAIL_LINES = 20;

/** What the history needs of a deploy besides its outcome. */
interface Attempt {
  readonly spec: ServiceSpec;
  readonly caller: string;
  readonly note: string;
  readonly run: Readonly<Record<string, string>>;
  readonly secrets: SecretMaterial;
}

interface Failure {
  readonly component: string;
  readonly error: DomainError;
  readonly logTail: readonly string[];
}

/**
 * The gated, all-or-nothing deploy. Every image is pulled first (a failed
 * pull changes nothing). A journal entry is written, then per component in
 * file order: stop, rename the old container `<c>.mcp-prev`, run the new
 * one, wait for its gate. All gates pass → one transaction saves the new
 * spec and forgets the journal, then the `.mcp-prev` containers (and the
 * containers of components dropped from the file) are removed. Any failure
 * → every journaled component is put back as it was and the registry keeps
 * the previous spec. A crash in between leaves the journal entry for
 * RecoverDeploysUseCase.
 */
export class DeployUseCase {
  private readonly gate: GatePorts;

  constructor(private readonly p: DeployPorts) {
    this.gate = { runtime: p.runtime, clock: p.clock, sleeper: p.sleeper, probe: p.probe, exec: p.exec };
  }

  async execute(asked: DeployInput, onStep: DeployStepListener = () => undefined): Promise<ServiceOutcome> {
    const name = assertValidName('service', asked.spec?.name ?? asked.serviceName);
    return this.p.lock.run(name, async () => {
      const input: DeployInput = asked.chooseUnderLock ? { ...asked, ...(await asked.chooseUnderLock()) } : asked;
      const existing = await this.p.registry.getService(name);
      const spec = this.resolveSpec(name, input.spec, existing);
      assertNoCollisionWith(spec, (await this.p.registry.listServices()).map(specOf));
      const single = input.component !== undefined;
      const targets = single ? [findComponent(spec, assertValidName('component', input.component))] : spec.components;
      if (!spec.active) {
        throw new DomainError(ErrorCode.ServiceInactive, `service ${name} is inactive (active = false): run "mcp start ${name}" to run it`);
      }
      const dropped = single ? [] : (existing?.components ?? []).filter((c) => !spec.components.some((s) => s.name === c.spec.name));
      const step = (s: DeployStep): void => {
        try {
          onStep(s);
        } catch {
          // A listener that fails (a client gone) must not change the deploy.
        }
      };

      const secrets = await resolveSecretMaterial(this.p.secrets, name, this.p.settings.nodeName, targets, input.secretVersions);
      const attempt: Attempt = { spec, caller: input.caller ?? 'unknown', note: input.note ?? '', run: input.runImages ?? {}, secrets };
      const pullFailure = await this.pullAll(targets, step, attempt.run);
      if (pullFailure) {
        const results = targets.map((c) => (c.name === pullFailure.component ? this.failedOutcome(name, c, pullFailure, true) : this.untouched(name, c, pullFailure)));
        await this.recordEvent(name, single ? input.component! : '', 'failed', `pull of ${pullFailure.component} failed: ${pullFailure.error.message}`);
        return this.failedAttempt(attempt, { service: name, results });
      }

      const journal = await this.journalFor(name, targets);
      await this.p.journal.begin({ service: name, startedAt: this.p.clock.now(), components: journal });
      const failure = await this.replaceAll(name, targets, journal, step, attempt);
      if (failure) return this.failedAttempt(attempt, await this.undo(name, targets, journal, failure, single ? input.component! : '', step));
      return this.commit(name, spec, existing, targets, journal, dropped, single, step, attempt);
    });
  }

  private resolveSpec(name: string, given: ServiceSpec | undefined, existing: ServiceRecord | undefined): ServiceSpec {
    if (given) {
      if (given.node !== this.p.settings.nodeName) {
        throw new DomainError(ErrorCode.WrongNode, `service ${name} is for node ${given.node}, this agent is node ${this.p.settings.nodeName}`);
      }
      return given;
    }
    if (!existing) throw new DomainError(ErrorCode.ServiceNotFound, `service ${name} is not known on node ${this.p.settings.nodeName}: deploy it from its file`);
    return specOf(existing);
  }

  /** The first failed pull, if any; two components on one image pull it once. */
  private async pullAll(targets: readonly ComponentSpec[], step: DeployStepListener, run: Readonly<Record<string, string>>): Promise<Failure | undefined> {
    const byImage = new Map<string, Promise<void>>();
    for (const c of targets) {
      // A rollback runs a recorded image ID or digest: pulled only when the node lacks it.
      const image = run[c.name] ?? c.image;
      const policy = run[c.name] !== undefined ? 'missing' : c.pull;
      const key = `${image}\0${policy}`;
      step({ component: c.name, step: 'pulling', message: image });
      if (!byImage.has(key)) byImage.set(key, ensureImage(this.p.runtime, image, policy));
      try {
        await byImage.get(key);
        step({ component: c.name, step: 'pulled' });
      } catch (e) {
        const error = e instanceof DomainError ? e : new DomainError(ErrorCode.ImagePullFailed, String(e));
        step({ component: c.name, step: 'failed', message: error.message });
        return { component: c.name, error, logTail: [] };
      }
    }
    return undefined;
  }

  /** What each target's container is before anything is touched: one inspect for all. */
  private async journalFor(service: string, targets: readonly ComponentSpec[]): Promise<JournalComponent[]> {
    const containers = targets.map((c) => containerName(service, c.name));
    const seen = new Map((await this.p.runtime.inspect(containers)).map((c) => [c.name, c]));
    return targets.map((c, i) => {
      const old = seen.get(containers[i]!);
      return { component: c.name, container: containers[i]!, hadOld: old !== undefined, wasRunning: old?.state === 'running' };
    });
  }

  private async replaceAll(
    service: string,
    targets: readonly ComponentSpec[],
    journal: readonly JournalComponent[],
    step: DeployStepListener,
    { run, secrets }: Attempt,
  ): Promise<Failure | undefined> {
    for (const [i, c] of targets.entries()) {
      const j = journal[i]!;
      try {
        if (j.hadOld) {
          step({ component: c.name, step: 'stopping' });
          await this.p.runtime.stop(j.container);
          await this.p.runtime.rename(j.container, previousContainerName(j.container));
        }
        step({ component: c.name, step: 'starting', message: c.image });
        await this.p.runtime.run(withSecrets(toContainerSpec(service, run[c.name] !== undefined ? { ...c, image: run[c.name]! } : c), secrets.get(c.name)));
      } catch (e) {
        const error = e instanceof DomainError ? e : new DomainError(ErrorCode.RuntimeFailed, String(e));
        step({ component: c.name, step: 'failed', message: error.message });
        return { component: c.name, error, logTail: await this.logTail(j.container) };
      }
      const settle = this.p.settings.settleTimeMs ?? DEFAULT_SETTLE_TIME_MS;
      step({ component: c.name, step: 'waiting', message: c.health ? `for health (${c.health.target.kind})` : `still running after ${seconds(settle)}` });
      const gate = await passGate(this.gate, c, j.container, settle);
      if (!gate.ok) {
        step({ component: c.name, step: 'failed', message: gate.error.message, elapsedMs: gate.elapsedMs });
        return { component: c.name, error: gate.error, logTail: await this.logTail(j.container) };
      }
      step({ component: c.name, step: 'healthy', elapsedMs: gate.elapsedMs, ...(c.health ? {} : { message: 'still running' }) });
    }
    return undefined;
  }

  private async logTail(container: string): Promise<string[]> {
    const lines: string[] = [];
    try {
      for await (const batch of this.p.logs.logs(container, { tail: LOG_TAIL_LINES, follow: false })) for (const l of batch) lines.push(l.line);
    } catch {
      // No logs (the container never got created) is not a second failure.
    }
    return lines.slice(-LOG_TAIL_LINES);
  }

  private async undo(
    service: string,
    targets: readonly ComponentSpec[],
    journal: readonly JournalComponent[],
    failure: Failure,
    component: string,
    step: DeployStepListener,
  ): Promise<ServiceOutcome> {
    for (const c of targets) step({ component: c.name, step: 'restoring' });
    const undone = await undoComponents(this.p.runtime, journal);
    await this.p.journal.clear(service);
    const results = targets.map((c): ComponentOutcome => {
      const problem = undone.get(c.name);
      step({ component: c.name, step: problem ? 'failed' : 'restored', ...(problem ? { message: `could not restore: ${problem.message}` } : {}) });
      if (problem) {
        const container = containerName(service, c.name);
        return { component: c.name, container, ok: false, error: { code: problem.code, message: `could not restore ${container}: ${problem.message}` } };
      }
      return c.name === failure.component ? this.failedOutcome(service, c, failure, true) : this.untouched(service, c, failure);
    });
    const observed = await this.recordObserved(service, results, targets, false);
    await this.recordEvent(service, component, 'failed', `${failure.component} failed: ${failure.error.message}; restored`);
    return { service, results: observed };
  }

  private async commit(
    service: string,
    spec: ServiceSpec,
    existing: ServiceRecord | undefined,
    targets: readonly ComponentSpec[],
    journal: readonly JournalComponent[],
    dropped: readonly ComponentRecord[],
    single: boolean,
    step: DeployStepListener,
    attempt: Attempt,
  ): Promise<ServiceOutcome> {
    await this.p.journal.commit(service, this.recordFor(spec, existing, targets, single));
    const results: ComponentOutcome[] = [];
    for (const [i, c] of targets.entries()) {
      const container = containerName(service, c.name);
      // Only a component that had a container got a `.mcp-prev`. The deploy is committed:
      // one that cannot be removed is only clutter, removed again at the next agent start.
      if (journal[i]!.hadOld) await this.p.runtime.remove(previousContainerName(container)).catch(() => undefined);
      results.push({ component: c.name, container, ok: true, desired: 'running', version: imageVersion(c.image) });
      step({ component: c.name, step: 'done' });
    }
    for (const gone of dropped) {
      const outcome = await this.removeDropped(service, gone);
      results.push(outcome);
      step({ component: gone.spec.name, step: outcome.ok ? 'removed' : 'failed', ...(outcome.error ? { message: outcome.error.message } : {}) });
    }
    await this.p.registry.updateHealth(targets.map((c) => ({ service, component: c.name, health: c.health ? 'healthy' : 'none' })));
    const imageIds = new Map<string, string>();
    const observed = await this.recordObserved(service, results, targets, true, imageIds);
    const outcome: ServiceOutcome = { service, results: observed };
    const revision = (await this.p.revisions?.record({ ...this.attemptOf(attempt, outcome), imageIds }))?.number;
    const what = `deployed ${targets.map((c) => `${c.name} ${imageVersion(c.image) || c.image}`).join(', ')}${attempt.note ? ` (${attempt.note})` : ''}`;
    await this.recordEvent(service, single ? targets[0]!.name : '', 'deployed', what, revision);
    return revision !== undefined ? { ...outcome, revision } : outcome;
  }

  /** A deploy that changed nothing in the end is still history: an attempt without a number. */
  private async failedAttempt(attempt: Attempt, outcome: ServiceOutcome): Promise<ServiceOutcome> {
    await this.p.revisions?.record({ ...this.attemptOf(attempt, outcome), imageIds: new Map() });
    return outcome;
  }

  private attemptOf(attempt: Attempt, outcome: ServiceOutcome): Omit<DeployAttempt, 'imageIds'> {
    return { spec: attempt.spec, outcome, caller: attempt.caller, note: attempt.note, secretVersions: versionsOf(attempt.secrets) };
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

  private failedOutcome(service: string, c: ComponentSpec, f: Failure, restored: boolean): ComponentOutcome {
    return {
      component: c.name,
      container: containerName(service, c.name),
      ok: false,
      error: outcomeError(f.error),
      ...(restored ? { restored: true } : {}),
      ...(f.logTail.length > 0 ? { logTail: f.logTail } : {}),
    };
  }

  private untouched(service: string, c: ComponentSpec, f: Failure): ComponentOutcome {
    return {
      component: c.name,
      container: containerName(service, c.name),
      ok: false,
      restored: true,
      error: { code: ErrorCode.DeployUndone, message: `restored: the deploy failed at ${f.component}` },
    };
  }

  /** A component gone from the definition takes its container with it. */
  private async removeDropped(service: string, gone: ComponentRecord): Promise<ComponentOutcome> {
    const container = containerName(service, gone.spec.name);
    try {
      await this.p.runtime.remove(container);
      return { component: gone.spec.name, container, ok: true, observed: 'removed' };
    } catch (e) {
      return { component: gone.spec.name, container, ok: false, error: outcomeError(e) };
    }
  }

  /** One inspect for every container touched, then one registry batch; answers the results with their observed state. */
  private async recordObserved(
    service: string,
    results: readonly ComponentOutcome[],
    targets: readonly ComponentSpec[],
    withVersion: boolean,
    /** Filled with the image ID each target's container runs (for its revision). */
    imageIds?: Map<string, string>,
  ): Promise<ComponentOutcome[]> {
    const names = targets.map((c) => containerName(service, c.name));
    const seen = new Map((await this.p.runtime.inspect(names)).map((c) => [c.name, c]));
    targets.forEach((c, i) => {
      const id = seen.get(names[i]!)?.imageId;
      if (id !== undefined) imageIds?.set(c.name, id);
    });
    const now = this.p.clock.now();
    const updates: ObservedUpdate[] = targets.map((c, i) => {
      const info = seen.get(names[i]!);
      const r = results.find((x) => x.component === c.name);
      return {
        service,
        component: c.name,
        observed: info ? info.state : 'removed',
        at: now,
        ...(info?.startedAt ? { startedAt: info.startedAt } : {}),
        ...(withVersion && r?.ok && r.version !== undefined ? { version: r.version } : {}),
      };
    });
    await this.p.registry.updateObserved(updates);
    return results.map((r) => {
      const u = updates.find((x) => x.component === r.component);
      return u ? { ...r, observed: u.observed } : r;
    });
  }

  private async recordEvent(service: string, component: string, outcome: DeployEvent['outcome'], message: string, revision?: number): Promise<void> {
    await this.p.registry.addEvents([{ kind: 'deploy', service, component, outcome, at: this.p.clock.now(), message, ...(revision !== undefined ? { revision } : {}) }]);
  }
}
