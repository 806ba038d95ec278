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
import { ContainerOwnership } from './deploy/container-ownership';
import { type GatePorts, passGate, seconds } from './deploy/deploy-gate';
import { type Failure, deployedOutcome, failedOutcome, notRestored, untouched } from './deploy/deploy-outcomes';
import { type Attempt, type DeployRun, openDeployOf } from './deploy/deploy-run';
import { finishCommitted, problemsOf, resolveStalePrevious, settleEntry } from './deploy/settle-journal';
import { asDomainError, mustRetry, undoComponents } from './deploy/undo-deploy';
import { resolveSecretMaterial, type SecretVersions, versionsOf, withSecrets } from './deploy/secret-material';
import type { SecretStore } from './ports/secret-store.port';
import { type AgentSettings, DEFAULT_SETTLE_TIME_MS } from './ports/agent-settings.port';
import type { ContainerExec } from './ports/container-exec.port';
import type { ContainerLogs } from './ports/container-logs.port';
import type { ContainerDetails, ContainerRuntime } from './ports/container-runtime.port';
import type { DeployJournal, JournalComponent, JournalStep } from './ports/deploy-journal.port';
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

/**
 * The gated, all-or-nothing deploy (contract v2 "Deploy", v3 "Deploy
 * protocol, proven"). Every image is pulled first (a failed pull changes
 * nothing). What an earlier deploy of the service left unfinished is settled
 * first, the targets are inspected (another service's container is never
 * touched: CONTAINER_NOT_OURS; a stale `.mcp-prev` is resolved), a journal
 * entry is written, then per component in file order: stop, rename the old
 * container `<c>.mcp-prev`, run the new one, wait for its gate, each step
 * journaled once done. All gates pass → one transaction saves the new spec
 * and marks the entry committed, then the `.mcp-prev` containers (and those
 * of components dropped from the file) are removed and the entry goes. Any
 * error before the commit → every journaled component is put back as it was
 * and the registry keeps the previous spec; an undo that cannot finish keeps
 * the entry for RecoverDeploysUseCase, as does a crash at any point.
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
      // One read serves both: the service as recorded, and every container name the node's services claim.
      const services = await this.p.registry.listServices();
      const existing = services.find((s) => s.name === name);
      const spec = this.resolveSpec(name, input.spec, existing);
      assertNoCollisionWith(spec, services.map(specOf));
      const single = input.component !== undefined;
      const targets = single ? [findComponent(spec, assertValidName('component', input.component))] : spec.components;
      if (!spec.active) {
        throw new DomainError(ErrorCode.ServiceInactive, `service ${name} is inactive (active = false): run "mcp start ${name}" to run it`);
      }
      const step = (s: DeployStep): void => {
        try {
          onStep(s);
        } catch {
          // A listener that fails (a client gone) must not change the deploy.
        }
      };
      const secrets = await resolveSecretMaterial(this.p.secrets, name, this.p.settings.nodeName, targets, input.secretVersions);
      const run: DeployRun = {
        service: name,
        spec,
        existing,
        targets,
        dropped: single ? [] : (existing?.components ?? []).filter((c) => !spec.components.some((s) => s.name === c.spec.name)),
        only: single ? input.component! : '',
        attempt: { spec, caller: input.caller ?? 'unknown', note: input.note ?? '', run: input.runImages ?? {}, secrets },
        ours: new ContainerOwnership(name, existing),
        step,
        startedAt: this.p.clock.now(),
        components: [],
        steps: {},
      };

      const pullFailure = await this.pullAll(run);
      if (pullFailure) {
        const results = targets.map((c) => (c.name === pullFailure.component ? failedOutcome(name, c, pullFailure, true) : untouched(name, c, pullFailure)));
        await this.recordEvent(name, run.only, 'failed', `pull of ${pullFailure.component} failed: ${pullFailure.error.message}`);
        return this.failedAttempt(run.attempt, { service: name, results });
      }

      await this.settleEarlier(run);
      run.components = await this.inspectTargets(run);
      await this.p.journal.begin({ service: name, startedAt: run.startedAt, components: run.components });
      const failure = (await this.replaceAll(run)) ?? (await this.saveSpec(run));
      if (failure) return this.failedAttempt(run.attempt, await this.undo(run, failure));
      return this.finish(run);
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
  private async pullAll({ targets, step, attempt }: DeployRun): Promise<Failure | undefined> {
    const byImage = new Map<string, Promise<void>>();
    for (const c of targets) {
      // A rollback runs a recorded image ID or digest: pulled only when the node lacks it.
      const image = attempt.run[c.name] ?? c.image;
      const policy = attempt.run[c.name] !== undefined ? 'missing' : c.pull;
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

  /**
   * An entry an earlier deploy of this service left (its undo failed, or its
   * clean-up) is finished first; one that still cannot be stops this deploy
   * before anything is touched.
   */
  private async settleEarlier(run: DeployRun): Promise<void> {
    const earlier = (await this.p.journal.list()).find((e) => e.service === run.service);
    if (!earlier) return;
    const { problems, kept } = await settleEntry(this.p, earlier);
    if (kept) {
      throw new DomainError(ErrorCode.RuntimeFailed, `an earlier deploy of ${run.service} is still not ${earlier.committed ? 'cleaned up' : 'undone'}: ${problems.join('; ')}; nothing was changed`);
    }
  }

  /**
   * What each target's container is before anything is touched, in one
   * inspect: someone else's container stops the deploy here; a `.mcp-prev`
   * no journal explains is resolved (never renamed over).
   */
  private async inspectTargets(run: DeployRun): Promise<JournalComponent[]> {
    const names = run.targets.map((c) => containerName(run.service, c.name));
    const seen = new Map((await this.p.runtime.inspect(names.flatMap((n) => [n, previousContainerName(n)]))).map((c) => [c.name, c]));
    for (const n of names) {
      const found = seen.get(n);
      if (found) run.ours.assertOurs(found);
    }
    const components: JournalComponent[] = [];
    for (const [i, c] of run.targets.entries()) {
      const container = names[i]!;
      let old = seen.get(container);
      const prev = seen.get(previousContainerName(container));
      if (prev) {
        const done = await resolveStalePrevious(this.p.runtime, run.ours, prev, old, container);
        run.step({ component: c.name, step: 'restored', message: done });
        await this.recordEvent(run.service, c.name, 'recovered', done);
        old ??= { ...prev, name: container };
      }
      components.push({ component: c.name, container, hadOld: old !== undefined, wasRunning: old?.state === 'running' });
    }
    return components;
  }

  /** Every target replaced and gated, or the failure that stopped it (nothing thrown). */
  private async replaceAll(run: DeployRun): Promise<Failure | undefined> {
    for (const [i, c] of run.targets.entries()) {
      const j = run.components[i]!;
      try {
        if (j.hadOld) {
          run.step({ component: c.name, step: 'stopping' });
          await this.p.runtime.stop(j.container);
          await this.done(run, c.name, 'stopped');
          await this.p.runtime.rename(j.container, previousContainerName(j.container));
          await this.done(run, c.name, 'renamed');
        }
        run.step({ component: c.name, step: 'starting', message: c.image });
        const image = run.attempt.run[c.name];
        await this.p.runtime.run(withSecrets(toContainerSpec(run.service, image !== undefined ? { ...c, image } : c), run.attempt.secrets.get(c.name)));
        await this.done(run, c.name, 'ran');
        const settle = this.p.settings.settleTimeMs ?? DEFAULT_SETTLE_TIME_MS;
        run.step({ component: c.name, step: 'waiting', message: c.health ? `for health (${c.health.target.kind})` : `still running after ${seconds(settle)}` });
        const gate = await passGate(this.gate, c, j.container, settle);
        if (!gate.ok) {
          run.step({ component: c.name, step: 'failed', message: gate.error.message, elapsedMs: gate.elapsedMs });
          return { component: c.name, error: gate.error, logTail: await this.logTail(j.container) };
        }
        await this.done(run, c.name, 'gate-passed');
        run.step({ component: c.name, step: 'healthy', elapsedMs: gate.elapsedMs, ...(c.health ? {} : { message: 'still running' }) });
      } catch (e) {
        const error = asDomainError(e);
        run.step({ component: c.name, step: 'failed', message: error.message });
        return { component: c.name, error, logTail: await this.logTail(j.container) };
      }
    }
    return undefined;
  }

  private async done(run: DeployRun, component: string, step: JournalStep): Promise<void> {
    await this.p.journal.record(run.service, component, step);
    (run.steps[component] ??= []).push(step);
  }

  /** Saves the new spec and marks the entry committed in one transaction; a failure is undone like a failed gate. */
  private async saveSpec(run: DeployRun): Promise<Failure | undefined> {
    try {
      await this.p.journal.commit(run.service, this.recordFor(run));
      return undefined;
    } catch (e) {
      return { component: '', error: asDomainError(e), logTail: [] };
    }
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

  /** Puts every target back; what could not be is named with its state, and the entry is kept for the next start. */
  private async undo(run: DeployRun, failure: Failure): Promise<ServiceOutcome> {
    const { service, targets, step } = run;
    for (const c of targets) step({ component: c.name, step: 'restoring' });
    const undone = await undoComponents(this.p.runtime, openDeployOf(run), run.ours, (c) => this.done(run, c, 'restoring'));
    const problems = problemsOf(undone);
    // A clear that fails leaves an entry whose undo is already done: the next start finds nothing to do.
    if (!mustRetry(undone)) await this.p.journal.clear(service).catch(() => undefined);
    const results = targets.map((c): ComponentOutcome => {
      const problem = undone.get(c.name);
      step({ component: c.name, step: problem ? 'failed' : 'restored', ...(problem ? { message: `could not restore: ${problem.error.message}` } : {}) });
      if (problem) return notRestored(service, c, problem);
      return c.name === failure.component ? failedOutcome(service, c, failure, true) : untouched(service, c, failure);
    });
    const observed = await this.recordObserved(service, results, targets, false);
    const why = `${failure.component || 'saving the new spec'} failed: ${failure.error.message}`;
    await this.recordEvent(service, run.only, 'failed', `${why}; ${problems.length === 0 ? 'restored' : `could not restore ${problems.join('; ')}`}`);
    return { service, results: observed };
  }

  /** After the commit: the old containers go (the entry with them), then the history. */
  private async finish(run: DeployRun): Promise<ServiceOutcome> {
    const { service, targets, step, attempt } = run;
    const left = await finishCommitted(this.p.runtime, openDeployOf(run, true), run.ours);
    // Left `.mcp-prev` containers keep the entry: the next deploy of the service or the next start removes them.
    if (left.length === 0) await this.p.journal.clear(service).catch(() => undefined);
    const results: ComponentOutcome[] = [];
    for (const c of targets) {
      results.push(deployedOutcome(service, c));
      const problem = left.find((l) => l.startsWith(`${c.name}: `));
      step({ component: c.name, step: 'done', ...(problem ? { message: `${problem.slice(c.name.length + 2)}; removed at the next deploy or agent start` } : {}) });
    }
    for (const gone of run.dropped) {
      const outcome = await this.removeDropped(run, gone);
      results.push(outcome);
      step({ component: gone.spec.name, step: outcome.ok ? 'removed' : 'failed', ...(outcome.error ? { message: outcome.error.message } : {}) });
    }
    await this.p.registry.updateHealth(targets.map((c) => ({ service, component: c.name, health: c.health ? 'healthy' : 'none' })));
    const imageIds = new Map<string, string>();
    const observed = await this.recordObserved(service, results, targets, true, imageIds);
    const outcome: ServiceOutcome = { service, results: observed };
    const revision = (await this.p.revisions?.record({ ...this.attemptOf(attempt, outcome), imageIds }))?.number;
    const what = `deployed ${targets.map((c) => `${c.name} ${imageVersion(c.image) || c.image}`).join(', ')}${attempt.note ? ` (${attempt.note})` : ''}`;
    await this.recordEvent(service, run.only, 'deployed', what, revision);
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
  private recordFor({ spec, existing, targets, only }: DeployRun): ServiceRecord {
    const single = only !== '';
    const previous = new Map((existing?.components ?? []).map((c) => [c.spec.name, c]));
    // The new container carries MCP's labels: an adopted one's mark goes with the container it replaced.
    const deployed = (c: ComponentSpec): ComponentRecord => {
      const { adopted: _replaced, ...before } = previous.get(c.name) ?? newComponentRecord(c, 'running');
      return { ...before, spec: c, desired: 'running' };
    };
    if (!single) return { name: spec.name, node: spec.node, active: spec.active, components: spec.components.map(deployed) };
    const target = targets[0]!;
    const kept = existing?.components ?? [];
    const components = kept.some((c) => c.spec.name === target.name)
      ? kept.map((c) => (c.spec.name === target.name ? deployed(target) : c))
      : [...kept, deployed(target)];
    return { name: spec.name, node: spec.node, active: existing?.active ?? spec.active, components };
  }

  /** A component gone from the definition takes its container with it. */
  private async removeDropped({ service, ours }: DeployRun, gone: ComponentRecord): Promise<ComponentOutcome> {
    const container = containerName(service, gone.spec.name);
    try {
      const [found] = await this.p.runtime.inspect([container]);
      if (found) ours.assertOurs(found);
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
    let seen: Map<string, ContainerDetails>;
    try {
      seen = new Map((await this.p.runtime.inspect(names)).map((c) => [c.name, c]));
    } catch {
      // The deploy's end is decided; the monitor records what runs at its next look.
      return [...results];
    }
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
