import type { ContainerDetails, ContainerInfo, ContainerRuntime, ImageInfo } from '../../src/application/agent/ports/container-runtime.port';
import { DomainError, ErrorCode } from '../../src/domain/errors/domain-error';
import type { ContainerSpec } from '../../src/domain/service/container-spec';
import type { ObservedState } from '../../src/domain/state/states';

/** A stable made-up image ID per reference, like an engine's sha256. */
export function imageIdOf(image: string): string {
  // An ID names itself (a rollback runs an image by its ID).
  if (/^fake[0-9a-f]{60}$/.test(image)) return image;
  let h = 0;
  for (const ch of image) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `fake${h.toString(16).padStart(60, '0')}`;
}

interface FakeContainer extends ContainerDetails {
  state: ObservedState;
}

/**
 * An in-memory container engine. `published` are images a pull can find;
 * `calls` records every call in order ("pull img", "run name", ...).
 */
export class FakeRuntime implements ContainerRuntime {
  readonly containers = new Map<string, FakeContainer>();
  readonly localImages = new Set<string>();
  readonly published = new Set<string>();
  readonly calls: string[] = [];
  /** Names whose next call of this kind fails with RUNTIME_FAILED. */
  readonly failNext = { run: new Set<string>(), stop: new Set<string>(), start: new Set<string>() };
  unavailable = false;
  /** Optional hook run inside every call, e.g. to hold a call open. */
  onCall?: (call: string) => Promise<void>;
  private clock = 0;

  private async record(call: string): Promise<void> {
    this.calls.push(call);
    if (this.unavailable) throw new DomainError(ErrorCode.RuntimeUnavailable, 'fake runtime: not available');
    if (this.onCall) await this.onCall(call);
  }

  private must(name: string): FakeContainer {
    const c = this.containers.get(name);
    if (!c) throw new DomainError(ErrorCode.ContainerNotFound, `no container named ${name}`);
    return c;
  }

  callsOf(kind: string): string[] {
    return this.calls.filter((c) => c === kind || c.startsWith(`${kind} `));
  }

  /** Puts a container on the node as if someone ran it by hand. */
  addContainer(c: Partial<ContainerDetails> & { name: string; image: string }, state: ObservedState = 'running'): void {
    this.containers.set(c.name, { labels: {}, ports: [], volumes: [], cmd: [], env: {}, ...c, state });
    this.localImages.add(c.image);
  }

  async pull(image: string): Promise<void> {
    await this.record(`pull ${image}`);
    if (!this.published.has(image)) throw new DomainError(ErrorCode.ImagePullFailed, `pull ${image}: manifest unknown`);
    this.localImages.add(image);
  }

  async hasImage(image: string): Promise<boolean> {
    await this.record(`hasImage ${image}`);
    return this.localImages.has(image);
  }

  async run(spec: ContainerSpec): Promise<void> {
    await this.record(`run ${spec.name}`);
    if (this.failNext.run.delete(spec.name)) throw new DomainError(ErrorCode.RuntimeFailed, `run ${spec.name}: injected failure`);
    if (this.containers.has(spec.name)) throw new DomainError(ErrorCode.RuntimeFailed, `run ${spec.name}: name already in use`);
    if (!this.localImages.has(spec.image)) throw new DomainError(ErrorCode.RuntimeFailed, `run ${spec.name}: image ${spec.image} not known`);
    this.containers.set(spec.name, {
      name: spec.name,
      image: spec.image,
      imageId: imageIdOf(spec.image),
      labels: { ...spec.labels },
      state: 'running',
      startedAt: new Date(Date.UTC(2026, 0, 1) + ++this.clock * 1000),
      ports: [...spec.ports],
      volumes: [...spec.volumes],
      cmd: [...spec.cmd],
      env: { ...spec.env },
      restart: spec.restart,
      ...(spec.network !== undefined ? { network: spec.network } : {}),
      ...(spec.user !== undefined ? { user: spec.user } : {}),
    });
  }

  async start(name: string): Promise<void> {
    await this.record(`start ${name}`);
    if (this.failNext.start.delete(name)) throw new DomainError(ErrorCode.RuntimeFailed, `start ${name}: injected failure`);
    this.must(name).state = 'running';
  }

  async stop(name: string): Promise<void> {
    await this.record(`stop ${name}`);
    if (this.failNext.stop.delete(name)) throw new DomainError(ErrorCode.RuntimeFailed, `stop ${name}: injected failure`);
    const c = this.must(name);
    if (c.state === 'running' || c.state === 'paused') c.state = 'exited';
  }

  async remove(name: string): Promise<void> {
    await this.record(`remove ${name}`);
    this.containers.delete(name);
  }

  async rename(from: string, to: string): Promise<void> {
    await this.record(`rename ${from} ${to}`);
    const c = this.must(from);
    if (this.containers.has(to)) throw new DomainError(ErrorCode.RuntimeFailed, `rename ${from} to ${to}: name already in use`);
    this.containers.delete(from);
    this.containers.set(to, { ...c, name: to });
  }

  async list(): Promise<ContainerInfo[]> {
    await this.record('list');
    return [...this.containers.values()].map(({ name, image, state, labels, startedAt, imageId }) => ({
      name,
      image,
      state,
      ...(imageId !== undefined ? { imageId } : {}),
      labels: { ...labels },
      ...(startedAt ? { startedAt } : {}),
    }));
  }

  async inspect(names: readonly string[]): Promise<ContainerDetails[]> {
    await this.record(`inspect ${names.join(',')}`);
    return names.flatMap((n) => {
      const c = this.containers.get(n);
      return c ? [structuredClone(c)] : [];
    });
  }

  // ---- revisions (issue 12): image inspect for revisions and rollback ----
  /** Repo digests of local images, by reference or ID (what a pull from a registry would have recorded). */
  readonly repoDigests = new Map<string, string[]>();

  /** A local image is known by its reference and by its ID (what imageIdOf gives a reference). */
  async inspectImage(image: string): Promise<ImageInfo | undefined> {
    await this.record(`inspectImage ${image}`);
    const ref = this.localImages.has(image) ? image : [...this.localImages].find((i) => imageIdOf(i) === image);
    if (ref === undefined) return undefined;
    return { id: imageIdOf(ref), repoDigests: [...(this.repoDigests.get(ref) ?? [])] };
  }
}
