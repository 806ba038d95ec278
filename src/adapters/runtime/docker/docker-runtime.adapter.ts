import type { ContainerDetails, ContainerInfo, ContainerRuntime, ImageInfo } from '../../../application/agent/ports/container-runtime.port';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import type { ContainerSpec } from '../../../domain/service/container-spec';
import { dateFromIso, detailsFromInspect, type ImageDefaults, imageDefaultsOf, imageIdsOf, type Json, obj, shortImageId, str } from '../common/inspect-json';
import { createOptions } from './docker-create';
import { DockerSecretFiles, SECRET_DIR_LABEL } from './docker-secret-files';
import { type DockerEngine, statusOf } from './docker-engine';
import { infoFromList } from './docker-json';
import { consumePull } from './docker-pull';
import { StartTimes } from './docker-start-times';

/** The engine's "nothing to do" answer (start of a running, stop of a stopped container). */
const NOT_MODIFIED = 304;
const NOT_FOUND = 404;

/**
 * ContainerRuntime over the Docker Engine API (dockerd, or podman's
 * compatible socket). `run` is create + start, like `podman run -d`: a
 * container whose start fails is left created, as podman leaves it.
 */
export class DockerRuntime implements ContainerRuntime {
  private readonly startTimes = new StartTimes();

  constructor(
    private readonly engine: DockerEngine,
    private readonly secretFiles: DockerSecretFiles = new DockerSecretFiles(),
  ) {}

  async pull(image: string): Promise<void> {
    await this.engine.call(`pull ${image}`, 'pull', async (d) => consumePull(await d.pull(image)));
  }

  async hasImage(image: string): Promise<boolean> {
    return (await this.inspectImage(image)) !== undefined;
  }

  async inspectImage(image: string): Promise<ImageInfo | undefined> {
    const found = await this.engine.attempt(`inspect image ${image}`, 'image', [NOT_FOUND], (d) => d.getImage(image).inspect());
    return found && { id: shortImageId(found.Id), repoDigests: found.RepoDigests ?? [] };
  }

  async run(given: ContainerSpec): Promise<void> {
    const what = `run ${given.name}`;
    let options;
    let spec: ContainerSpec | undefined;
    try {
      spec = await this.secretFiles.prepare(given);
      options = createOptions(spec);
    } catch (e) {
      await this.secretFiles.drop(spec?.labels[SECRET_DIR_LABEL]);
      throw new DomainError(ErrorCode.RuntimeFailed, `${what}: ${(e as Error).message}`);
    }
    const dir = spec.labels[SECRET_DIR_LABEL];
    // A 404 here is the image, not the container: "never pulls in run".
    const container = await this.engine.call(what, 'other', (d) => d.createContainer(options)).catch(async (e: unknown) => {
      await this.secretFiles.drop(dir);
      throw e;
    });
    await this.engine.call(what, 'other', () => container.start());
  }

  async start(name: string): Promise<void> {
    await this.engine.attempt(`start ${name}`, 'container', [NOT_MODIFIED], (d) => d.getContainer(name).start());
  }

  async stop(name: string): Promise<void> {
    await this.engine.attempt(`stop ${name}`, 'container', [NOT_MODIFIED], (d) => d.getContainer(name).stop({ t: this.engine.stopTimeout }));
  }

  /**
   * No half-done engine call to finish: dockerd carries each call to its end
   * whether or not the client is still there, and containerd's shims go with
   * the containers they run. What is left is ours: the secret directories of
   * `services` that no container names (a container removed by hand keeps
   * its values on tmpfs otherwise). When the containers cannot be listed,
   * nothing is removed.
   */
  async reapOrphans(services: readonly string[]): Promise<string[]> {
    let all: Json[];
    try {
      all = (await this.engine.call('list containers', 'other', (d) => d.listContainers({ all: true }))) as unknown as Json[];
    } catch (e) {
      return [`(no look for secret directories left behind: ${(e as Error).message})`];
    }
    const labelled = new Set(all.map((c) => str(obj(c.Labels)[SECRET_DIR_LABEL])).filter((dir) => dir !== ''));
    return this.secretFiles.sweepUnused(services, labelled);
  }

  /** Stops with the grace period first (the API's forced remove would SIGKILL at once), then removes. */
  async remove(name: string): Promise<void> {
    const what = `remove ${name}`;
    const c = this.engine.docker.getContainer(name);
    const labels = (await c.inspect().catch(() => undefined))?.Config?.Labels ?? {};
    try {
      await c.stop({ t: this.engine.stopTimeout });
    } catch (e) {
      if (statusOf(e) === NOT_FOUND) return;
      if (statusOf(e) !== NOT_MODIFIED) throw this.engine.error(e, what, 'container');
    }
    await this.engine.attempt(what, 'container', [NOT_FOUND], () => c.remove({ force: true, v: false }));
    await this.secretFiles.drop(labels[SECRET_DIR_LABEL]);
  }

  async rename(from: string, to: string): Promise<void> {
    await this.engine.call(`rename ${from} to ${to}`, 'container', () => this.engine.docker.getContainer(from).rename({ name: to }));
  }

  /** One listing; running containers get their start time from the kept ones (see StartTimes), inspected only when new or restarted. */
  async list(): Promise<ContainerInfo[]> {
    const what = 'list containers';
    const all = (await this.engine.call(what, 'other', (d) => d.listContainers({ all: true }))) as unknown as Json[];
    const running = all.filter((c) => str(c.State) === 'running').map((c) => ({ id: str(c.Id), status: str(c.Status) }));
    this.startTimes.keepOnly(new Set(running.map((c) => c.id)));
    await Promise.all(
      this.startTimes.stale(running, Date.now()).map(async (id) => {
        // Removed between the listing and the inspect (404): it has no start time to show.
        const found = await this.engine.attempt(what, 'other', [NOT_FOUND], (d) => d.getContainer(id).inspect());
        const started = found && dateFromIso(obj(found.State).StartedAt);
        if (started) this.startTimes.set(id, started);
      }),
    );
    return all.map((c) => {
      const startedAt = this.startTimes.get(str(c.Id));
      return { ...infoFromList(c), ...(startedAt ? { startedAt } : {}) };
    });
  }

  /**
   * The API has no batch inspect: one request per name, all at once over
   * the kept-alive connections, plus one per distinct image.
   */
  async inspect(names: readonly string[]): Promise<ContainerDetails[]> {
    if (names.length === 0) return [];
    const what = `inspect ${names.join(', ')}`;
    const found = await Promise.all(names.map((n) => this.inspectOne(n, what)));
    const containers = found.filter((c): c is Json => c !== undefined);
    const defaults = new Map<string, ImageDefaults>();
    await Promise.all(
      imageIdsOf(containers).map(async (id) => {
        // An image that vanished (404) leaves nothing to compare with: all env and cmd count as run-time.
        const image = await this.engine.attempt(`inspect images of ${names.join(', ')}`, 'image', [NOT_FOUND], (d) => d.getImage(id).inspect());
        if (image) defaults.set(id, imageDefaultsOf(image as unknown as Json));
      }),
    );
    return containers.map((c) => detailsFromInspect(c, defaults));
  }

  /** By name only: the engine also matches an ID prefix, which is not the container asked for. */
  private async inspectOne(name: string, what: string): Promise<Json | undefined> {
    const c = (await this.engine.attempt(what, 'container', [NOT_FOUND], (d) => d.getContainer(name).inspect())) as unknown as Json | undefined;
    return c && str(c.Name).replace(/^\//, '') === name ? c : undefined;
  }
}
