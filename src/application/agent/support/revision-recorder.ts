import { ErrorCode } from '../../../domain/errors/domain-error';
import { type Revision, type RevisionComponent, numbered, repoDigestFor } from '../../../domain/revision/revision';
import { specOf } from '../../../domain/service/service-record';
import type { ServiceSpec } from '../../../domain/service/service-spec';
import type { Clock } from '../../shared/ports/clock.port';
import type { ServiceOutcome } from '../../shared/results/component-outcome';
import type { AgentSettings } from '../ports/agent-settings.port';
import type { ContainerRuntime } from '../ports/container-runtime.port';
import type { Registry } from '../ports/registry.port';

export interface DeployAttempt {
  /** What the deploy was asked to run. */
  readonly spec: ServiceSpec;
  readonly outcome: ServiceOutcome;
  /** Image ID per component the deploy touched, as the deploy's own inspect saw it. */
  readonly imageIds: ReadonlyMap<string, string>;
  /** The caller, as the token named them. */
  readonly caller: string;
  /** "rollback to 3", or '' for a plain deploy. */
  readonly note: string;
  /** Per component the deploy ran, the version of each secret it got. */
  readonly secretVersions?: ReadonlyMap<string, Readonly<Record<string, number>>>;
}

/**
 * Turns a finished deploy into history: when every component succeeded, the
 * next revision with what the node now runs (the registry's spec; each
 * component's image ID from the deploy's inspect, or from the previous
 * revision for a component a one-component deploy left alone; its repo
 * digest from one image inspect per distinct ID); otherwise an
 * unnumbered failed attempt saying why.
 */
export class RevisionRecorder {
  constructor(
    private readonly registry: Registry,
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    private readonly settings: Pick<AgentSettings, 'keepRevisions'>,
  ) {}

  /** Undefined for a failed first deploy: the registry holds no such service, so there is no history to add to (like its events). */
  async record(attempt: DeployAttempt): Promise<Revision | undefined> {
    const service = attempt.outcome.service;
    const failed = attempt.outcome.results.filter((r) => !r.ok);
    // The component that failed says why; the others were only put back because of it.
    const causes = failed.filter((r) => r.error?.code !== ErrorCode.DeployUndone);
    const failures = causes.length > 0 ? causes : failed;
    const base = { service, at: this.clock.now(), by: attempt.caller };
    if (failures.length > 0) {
      const why = failures.map((f) => `${f.component}: ${f.error?.message ?? 'failed'}`).join('; ');
      if (!(await this.registry.getService(service))) return undefined;
      const components = attempt.spec.components.map((c) => ({ name: c.name, image: c.image, imageId: '' }));
      return this.registry.addRevision({ ...base, result: 'failed', note: attempt.note ? `${attempt.note}: ${why}` : why, spec: attempt.spec, components }, this.settings.keepRevisions);
    }
    const record = await this.registry.getService(service);
    const spec = record ? specOf(record) : attempt.spec;
    const components = await this.running(spec, attempt.imageIds, numbered(await this.registry.listRevisions(service))[0], attempt.secretVersions);
    return this.registry.addRevision({ ...base, result: 'deployed', note: attempt.note, spec, components }, this.settings.keepRevisions);
  }

  private async running(
    spec: ServiceSpec,
    touched: ReadonlyMap<string, string>,
    previous: Revision | undefined,
    secrets: ReadonlyMap<string, Readonly<Record<string, number>>> = new Map(),
  ): Promise<RevisionComponent[]> {
    const before = new Map((previous?.components ?? []).map((c) => [c.name, c]));
    const digests = new Map<string, readonly string[]>();
    for (const id of new Set(touched.values())) {
      // A digest is a convenience for a later rollback; not knowing it never fails the deploy.
      if (id !== '') digests.set(id, (await this.runtime.inspectImage(id).catch(() => undefined))?.repoDigests ?? []);
    }
    return spec.components.map((c) => {
      const id = touched.get(c.name);
      if (id === undefined) {
        const kept = before.get(c.name);
        return kept && kept.image === c.image ? kept : { name: c.name, image: c.image, imageId: '' };
      }
      const repoDigest = repoDigestFor(c.image, digests.get(id) ?? []);
      const versions = secrets.get(c.name);
      return { name: c.name, image: c.image, imageId: id, ...(repoDigest !== undefined ? { repoDigest } : {}), ...(versions ? { secrets: versions } : {}) };
    });
  }
}
