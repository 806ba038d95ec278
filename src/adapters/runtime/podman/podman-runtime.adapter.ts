import type { ContainerDetails, ContainerInfo, ContainerRuntime, ImageInfo } from '../../../application/agent/ports/container-runtime.port';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { type ContainerSpec, LABEL_SERVICE } from '../../../domain/service/container-spec';
import {
  imageExistsArgs,
  imageInspectArgs,
  inspectArgs,
  listArgs,
  pullArgs,
  removalLookArgs,
  removeArgs,
  renameArgs,
  runArgs,
  startArgs,
  stopArgs,
} from './podman-args';
import { type Outcome, PodmanCli, type PodmanCliOptions } from './podman-cli';
import { isExitedWhileRemoved, isNoSuchContainer, toDomainError } from './podman-errors';
import { PodmanSecrets, sweepPodmanValueDirs } from './podman-secrets';
import { detailsFromInspect, imageIdsOf, parseImageInfo, parseImageInspect, parseJsonArray, parsePs, parsePsForReap } from './podman-json';
import { listConmons, reapConmon } from './podman-orphans';

/** rm tries for a container that keeps exiting as it is killed (a crash loop under a restart policy). */
const REMOVE_ATTEMPTS = 3;

export interface PodmanRuntimeOptions extends PodmanCliOptions {
  /** Seconds podman waits after SIGTERM before SIGKILL on stop and remove. */
  readonly stopTimeoutSeconds?: number;
}

/**
 * ContainerRuntime over the podman CLI, always through argv (never a shell).
 * Each port call is one podman invocation, except: inspect (one
 * `container inspect` for all names plus one `image inspect` for their
 * distinct images, to tell run-time env/cmd from the image's defaults);
 * run and remove of a container with secrets (a `secret create` per secret
 * before, one `secret rm` after); remove (one `container inspect` first,
 * a `stop` when a killed stop left the container "stopping", and another
 * `rm` when the container exited just as the first one killed it);
 * reapOrphans.
 */
export class PodmanRuntime implements ContainerRuntime {
  private readonly cli: PodmanCli;
  private readonly stopTimeout: number;
  private readonly secrets: PodmanSecrets;

  constructor(options: PodmanRuntimeOptions = {}) {
    this.cli = new PodmanCli(options);
    this.stopTimeout = options.stopTimeoutSeconds ?? 10;
    this.secrets = new PodmanSecrets(this.cli);
  }

  async pull(image: string): Promise<void> {
    await this.must(pullArgs(image), `pull ${image}`, true);
  }

  async hasImage(image: string): Promise<boolean> {
    const out = await this.exec(imageExistsArgs(image));
    if (out.ok) return true;
    // `image exists` answers "no" with exit code 1 and nothing else.
    if (out.failure?.exitCode === 1 && out.failure.spawnCode === undefined) return false;
    throw this.fail(out, `check image ${image}`);
  }

  async run(spec: ContainerSpec): Promise<void> {
    const made = await this.secrets.create(spec.name, spec.secrets ?? []).catch((e: unknown) => {
      throw new DomainError(ErrorCode.RuntimeFailed, `run ${spec.name}: ${e instanceof Error ? e.message : String(e)}`);
    });
    try {
      await this.must(runArgs(spec, made.args), `run ${spec.name}`);
    } catch (e) {
      // A failed run may still leave a created container holding them: it goes with its removal then.
      // Without secrets there is nothing to drop, and no container to look at for them.
      if (made.names.length > 0 && (await this.secrets.of(spec.name)).length === 0) await this.secrets.drop(made.names);
      else this.secrets.ran(spec.name, made.names);
      throw e;
    }
    this.secrets.ran(spec.name, made.names);
  }

  async start(name: string): Promise<void> {
    await this.must(startArgs(name), `start ${name}`);
  }

  async stop(name: string): Promise<void> {
    // podman stop of an already stopped container succeeds on its own.
    await this.must(stopArgs(name, this.stopTimeout), `stop ${name}`);
  }

  /**
   * podman 4.3's `rm --force` of a container left "stopping" by a killed
   * `podman stop`/`rm` forgets it without killing it, and its conmon keeps
   * the host ports (see podman-orphans.ts): such a stop is finished first.
   * One inspect reads both the state and the secrets to drop after the rm.
   */
  async remove(name: string): Promise<void> {
    const look = await this.exec(removalLookArgs(name));
    const [state, ...createCommand] = look.ok ? look.stdout.trim().split(/\s+/) : [];
    const secrets = this.secrets.ofCreated(name, createCommand);
    if (state === 'stopping') await this.must(stopArgs(name, this.stopTimeout), `stop ${name}`);
    await this.removeEvenIfItExits(name);
    await this.secrets.drop(secrets, name);
  }

  /**
   * A container that exits just as `rm --force` kills it (a crash-looping
   * new container undone after its gate) fails the rm although it has
   * stopped by then, marked stopped by the user so its restart policy
   * leaves it alone: the next rm removes it.
   */
  private async removeEvenIfItExits(name: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const out = await this.exec(removeArgs(name, this.stopTimeout));
      if (out.ok) return;
      if (attempt >= REMOVE_ATTEMPTS || !isExitedWhileRemoved(out.stderr)) throw this.fail(out, `remove ${name}`);
    }
  }

  /**
   * Finishes what killed podman children left half-done: the containers of
   * `services` stuck "stopping" are stopped (podman refuses to start them
   * and would orphan them on removal), every conmon of this storage whose
   * container podman no longer knows is ended with its container, freeing
   * the host ports it held, and the FIFO directories of a `podman secret
   * create` killed with its agent are removed, as are the podman secrets
   * of `services` no container uses any more. conmons are listed before
   * podman's containers, so a container created meanwhile is known, never
   * taken for an orphan.
   */
  async reapOrphans(services: readonly string[]): Promise<string[]> {
    const conmons = listConmons(process.getuid?.() ?? 0);
    const ps = await this.must(listArgs(), 'list containers');
    const { ids, stopping } = this.parsed(() => parsePsForReap(ps.stdout, LABEL_SERVICE, new Set(services)), 'list containers');
    const done = (await sweepPodmanValueDirs()).map((dir) => `${dir}: removed a secret value directory a killed agent left`);
    for (const name of stopping) {
      await this.must(stopArgs(name, this.stopTimeout), `stop ${name}`).then(
        () => done.push(`${name}: finished an interrupted stop`),
        (e: unknown) => done.push(`${name}: could not finish an interrupted stop (${(e as Error).message})`),
      );
    }
    done.push(...(await this.secrets.sweepUnused(services, ids)));
    const unknown = conmons.filter((c) => !ids.has(c.id));
    if (unknown.length === 0) return done;
    const info = await this.must(['info', '--format={{.Store.GraphRoot}}'], 'podman info');
    const graphRoot = info.stdout.trim();
    for (const orphan of unknown.filter((c) => c.storageRoot === graphRoot)) {
      const what = `${orphan.name ?? '?'} (${orphan.id.slice(0, 12)}, conmon ${orphan.pid})`;
      await reapConmon(orphan).then(
        () => done.push(`${what}: ended a container podman had forgotten`),
        (e: unknown) => done.push(`${what}: could not end a container podman had forgotten (${(e as Error).message})`),
      );
    }
    return done;
  }

  async rename(from: string, to: string): Promise<void> {
    await this.must(renameArgs(from, to), `rename ${from} to ${to}`);
    this.secrets.renamed(from, to);
  }

  async list(): Promise<ContainerInfo[]> {
    const out = await this.must(listArgs(), 'list containers');
    return this.parsed(() => parsePs(out.stdout), 'list containers');
  }

  /**
   * podman 4.3 prints the containers it found and exits 125 when any name is
   * absent ("no such container"): that partial output is used as the answer,
   * so absent names are just missing and it stays one call, with no window
   * between a listing and the inspect.
   */
  async inspect(names: readonly string[]): Promise<ContainerDetails[]> {
    if (names.length === 0) return [];
    const what = `inspect ${names.join(', ')}`;
    const out = await this.exec(inspectArgs(names));
    if (!out.ok && !(out.failure?.exitCode !== undefined && isNoSuchContainer(out.stderr))) throw this.fail(out, what);
    const containers = this.parsed(() => parseJsonArray(out.stdout, 'container inspect'), what);
    if (containers.length === 0) return [];

    const ids = imageIdsOf(containers);
    const images = await this.exec(imageInspectArgs(ids));
    // An image that vanished leaves nothing to compare with: all env and cmd count as run-time.
    if (!images.ok && images.stdout.trim() === '') throw this.fail(images, `inspect images of ${names.join(', ')}`);
    const defaults = this.parsed(() => parseImageInspect(images.stdout), what);
    return containers.map((c) => detailsFromInspect(c, defaults));
  }

  /** Two calls: `image exists` tells "absent" apart from a failure, which `image inspect` cannot. */
  async inspectImage(image: string): Promise<ImageInfo | undefined> {
    if (!(await this.hasImage(image))) return undefined;
    const out = await this.must(imageInspectArgs([image]), `inspect image ${image}`);
    return this.parsed(() => parseImageInfo(out.stdout), `inspect image ${image}`);
  }

  private parsed<T>(parse: () => T, what: string): T {
    try {
      return parse();
    } catch (e) {
      throw new DomainError(ErrorCode.RuntimeFailed, `${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async must(args: string[], what: string, isPull = false): Promise<Outcome> {
    const out = await this.exec(args);
    if (!out.ok) throw this.fail(out, what, isPull);
    return out;
  }

  private fail(out: Outcome, what: string, isPull = false): DomainError {
    return toDomainError(out.failure ?? { timedOut: false, stderr: out.stderr }, what, this.cli.binary, isPull);
  }

  private exec(args: string[]): Promise<Outcome> {
    return this.cli.run(args);
  }
}
