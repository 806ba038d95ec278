import type { ContainerExec, ExecResult } from '../../src/application/agent/ports/container-exec.port';
import type { ContainerLogs, LogLine, LogQuery, OutputStream } from '../../src/application/agent/ports/container-logs.port';
import type { ContainerDetails, ContainerInfo, ContainerRuntime, ImageInfo } from '../../src/application/agent/ports/container-runtime.port';
import type { ContainerAction, RuntimeEvent, RuntimeEvents } from '../../src/application/agent/ports/runtime-events.port';
import { DomainError, ErrorCode } from '../../src/domain/errors/domain-error';
import type { ContainerSpec } from '../../src/domain/service/container-spec';
import type { ObservedState } from '../../src/domain/state/states';
import { AsyncChannel } from './async-channel';

/** A scripted exec answer: a result, a failure to throw, or 'hang' (still running at any time limit). */
export type FakeExecAnswer = ExecResult | DomainError | 'hang';

const EXEC_OUTPUT_LIMIT = 64 * 1024;

/** A stable made-up image ID per reference, like an engine's sha256. */
export function imageIdOf(image: string): string {
  // An ID names itself (a rollback runs an image by its ID).
  if (/^fake[0-9a-f]{60}$/.test(image)) return image;
  let h = 0;
  for (const ch of image) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `fake${h.toString(16).padStart(60, '0')}`;
}

/**
 * What a FakeRuntime throws once it "crashed" after a call (crashAfterCall):
 * the agent died there. Not a DomainError, so no use case mistakes it for an
 * engine's answer; every later call throws it too, until restart().
 */
export class FakeCrash extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FakeCrash';
  }
}

/** Calls that change the node: a crash after one of them happens after its effect. */
const EFFECTS = new Set(['pull', 'run', 'start', 'stop', 'remove', 'rename']);

interface FakeContainer extends ContainerDetails {
  state: ObservedState;
}

/**
 * An in-memory container engine. `published` are images a pull can find;
 * `calls` records every call in order ("pull img", "run name", ...).
 * Also its logs (script them with writeLog), exec (scriptExec; unscripted
 * commands succeed with no output) and event stream: run/start/stop/remove/
 * rename emit what an engine would, emit() pushes any event, breakEvents()
 * breaks every open stream.
 * Faults: every call is numbered (callCount); failCallAt(n) makes call n
 * fail without effect, as an engine's refusal does (RUNTIME_FAILED);
 * crashAfterCall(n) lets call n take effect, then throws FakeCrash from it
 * and from every call after, until restart() (a new agent on the same node).
 */
export class FakeRuntime implements ContainerRuntime, ContainerLogs, ContainerExec, RuntimeEvents {
  readonly containers = new Map<string, FakeContainer>();
  readonly localImages = new Set<string>();
  readonly published = new Set<string>();
  readonly calls: string[] = [];
  /** The last spec each container name was run with (secrets included). */
  readonly runSpecs = new Map<string, ContainerSpec>();
  /** Names whose next call of this kind fails with RUNTIME_FAILED. */
  readonly failNext = { run: new Set<string>(), stop: new Set<string>(), start: new Set<string>() };
  unavailable = false;
  /** Optional hook run inside every call, e.g. to hold a call open. */
  onCall?: (call: string) => Promise<void>;
  /** Calls made so far, failed ones included (the n of failCallAt and crashAfterCall). */
  callCount = 0;
  private readonly failing = new Set<number>();
  private crashAt: number | undefined;
  private crashed = false;
  private clock = 0;
  private readonly logBook = new Map<string, LogLine[]>();
  private readonly logFollowers = new Map<string, Set<AsyncChannel<LogLine>>>();
  private readonly eventFollowers = new Set<AsyncChannel<RuntimeEvent>>();
  private readonly execScript = new Map<string, FakeExecAnswer>();

  private async record(call: string): Promise<void> {
    if (this.crashed) throw new FakeCrash(`fake runtime: crashed before ${call}`);
    this.calls.push(call);
    const n = ++this.callCount;
    if (this.failing.delete(n)) throw new DomainError(ErrorCode.RuntimeFailed, `${call}: injected failure (call ${n})`);
    if (this.unavailable) throw new DomainError(ErrorCode.RuntimeUnavailable, 'fake runtime: not available');
    if (this.onCall) await this.onCall(call);
    // A call that changes nothing crashes as well before as after: its answer is lost either way.
    if (!EFFECTS.has(call.split(' ')[0]!)) this.crashPoint(n, call);
  }

  /** Runs an effectful call's body, then crashes there if told to (whatever the body answered). */
  private async effect<T>(call: string, body: () => T | Promise<T>): Promise<T> {
    await this.record(call);
    const n = this.callCount;
    try {
      return await body();
    } finally {
      this.crashPoint(n, call);
    }
  }

  private crashPoint(n: number, call: string): void {
    if (this.crashAt !== n) return;
    this.crashed = true;
    throw new FakeCrash(`fake runtime: crashed after ${call} (call ${n})`);
  }

  /** Call number n (see callCount) fails with RUNTIME_FAILED and changes nothing. */
  failCallAt(n: number): void {
    this.failing.add(n);
  }

  /** Call number n takes effect, then it and every later call throw FakeCrash until restart(). */
  crashAfterCall(n: number): void {
    this.crashAt = n;
  }

  /** The node as a new agent finds it after a crash: every container as it was left. */
  restart(): void {
    this.crashed = false;
    this.crashAt = undefined;
    this.failing.clear();
  }

  get isCrashed(): boolean {
    return this.crashed;
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
    return this.effect(`pull ${image}`, () => {
      if (!this.published.has(image)) throw new DomainError(ErrorCode.ImagePullFailed, `pull ${image}: manifest unknown`);
      this.localImages.add(image);
    });
  }

  async hasImage(image: string): Promise<boolean> {
    await this.record(`hasImage ${image}`);
    return this.localImages.has(image);
  }

  async run(spec: ContainerSpec): Promise<void> {
    return this.effect(`run ${spec.name}`, () => {
      this.runSpecs.set(spec.name, spec);
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
      this.emitFor(spec.name, 'create', 'start');
    });
  }

  async start(name: string): Promise<void> {
    return this.effect(`start ${name}`, () => {
      if (this.failNext.start.delete(name)) throw new DomainError(ErrorCode.RuntimeFailed, `start ${name}: injected failure`);
      const c = this.must(name);
      const wasRunning = c.state === 'running';
      c.state = 'running';
      if (!wasRunning) this.emitFor(name, 'start');
    });
  }

  async stop(name: string): Promise<void> {
    return this.effect(`stop ${name}`, () => {
      if (this.failNext.stop.delete(name)) throw new DomainError(ErrorCode.RuntimeFailed, `stop ${name}: injected failure`);
      const c = this.must(name);
      if (c.state === 'running' || c.state === 'paused') {
        c.state = 'exited';
        // dockerd's order for a stop: the process dies, then the stop completes.
        this.emitFor(name, 'die', 'stop');
      }
    });
  }

  async remove(name: string): Promise<void> {
    return this.effect(`remove ${name}`, () => {
      const c = this.containers.get(name);
      if (!c) return;
      if (c.state === 'running' || c.state === 'paused') this.emitFor(name, 'die');
      this.emitFor(name, 'remove');
      this.containers.delete(name);
      this.logBook.delete(name);
      for (const follower of this.logFollowers.get(name) ?? []) follower.end();
      this.logFollowers.delete(name);
    });
  }

  /** What the next reapOrphans() reports having finished (a crash's leftovers); emptied by it. */
  readonly orphans: string[] = [];

  async reapOrphans(services: readonly string[]): Promise<string[]> {
    await this.record(`reapOrphans ${services.join(',')}`.trimEnd());
    return this.orphans.splice(0);
  }

  async rename(from: string, to: string): Promise<void> {
    return this.effect(`rename ${from} ${to}`, () => {
      const c = this.must(from);
      if (this.containers.has(to)) throw new DomainError(ErrorCode.RuntimeFailed, `rename ${from} to ${to}: name already in use`);
      this.containers.delete(from);
      this.containers.set(to, { ...c, name: to });
      this.emitFor(to, 'rename');
    });
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

  /** Appends a line to a container's output, seen by later logs() calls and open followers. */
  writeLog(container: string, stream: OutputStream, line: string, time: Date = new Date()): void {
    const entry: LogLine = { stream, time, line };
    const book = this.logBook.get(container) ?? [];
    book.push(entry);
    this.logBook.set(container, book);
    for (const follower of this.logFollowers.get(container) ?? []) follower.push(entry);
  }

  /** The lines kept as one batch, then each followed line as a batch of its own. */
  async *logs(container: string, query: LogQuery): AsyncIterable<readonly LogLine[]> {
    await this.record(`logs ${container}`);
    this.must(container);
    const since = query.since?.getTime();
    const kept = (this.logBook.get(container) ?? []).filter((l) => since === undefined || (l.time?.getTime() ?? 0) >= since);
    const past = query.tail === undefined ? kept : query.tail === 0 ? [] : kept.slice(-query.tail);
    let channel: AsyncChannel<LogLine> | undefined;
    if (query.follow) {
      channel = new AsyncChannel<LogLine>();
      const set = this.logFollowers.get(container) ?? new Set();
      set.add(channel);
      this.logFollowers.set(container, set);
    }
    if (past.length > 0 && !query.signal?.aborted) yield past;
    if (channel) {
      const mine = channel;
      for await (const line of mine.read(query.signal, () => this.logFollowers.get(container)?.delete(mine))) yield [line];
    }
  }

  /** Followers of a container's logs right now (to check that aborting let go of them). */
  logFollowerCount(container?: string): number {
    if (container !== undefined) return this.logFollowers.get(container)?.size ?? 0;
    return [...this.logFollowers.values()].reduce((n, s) => n + s.size, 0);
  }

  /** What exec of `argv` answers, in `container` or (without it) in any container. */
  scriptExec(argv: readonly string[], answer: FakeExecAnswer, container?: string): void {
    this.execScript.set(JSON.stringify([container ?? '*', argv]), answer);
  }

  async exec(container: string, argv: readonly string[], options: { readonly timeoutMs: number }): Promise<ExecResult> {
    await this.record(`exec ${container} ${argv.join(' ')}`);
    const c = this.must(container);
    if (c.state !== 'running') throw new DomainError(ErrorCode.RuntimeFailed, `exec in ${container}: container state improper (${c.state})`);
    const answer = this.execScript.get(JSON.stringify([container, argv])) ?? this.execScript.get(JSON.stringify(['*', argv])) ?? { exitCode: 0, output: '' };
    if (answer instanceof DomainError) throw answer;
    if (answer === 'hang') {
      await new Promise((r) => setTimeout(r, options.timeoutMs));
      throw new DomainError(ErrorCode.RuntimeFailed, `exec in ${container}: ${argv.join(' ')} did not finish within ${options.timeoutMs} ms (timeout) and was abandoned`);
    }
    return { exitCode: answer.exitCode, output: Buffer.from(answer.output).subarray(0, EXEC_OUTPUT_LIMIT).toString('utf8') };
  }

  async *follow(signal: AbortSignal): AsyncIterable<RuntimeEvent> {
    await this.record('events');
    const channel = new AsyncChannel<RuntimeEvent>();
    this.eventFollowers.add(channel);
    yield* channel.read(signal, () => this.eventFollowers.delete(channel));
  }

  /** Pushes an event to every open event stream. */
  emit(event: RuntimeEvent): void {
    for (const follower of this.eventFollowers) follower.push(event);
  }

  /** Breaks every open event stream, as a dying engine would (RUNTIME_UNAVAILABLE unless told). */
  breakEvents(error: DomainError = new DomainError(ErrorCode.RuntimeUnavailable, 'fake runtime: event stream broken')): void {
    for (const follower of this.eventFollowers) follower.fail(error);
    this.eventFollowers.clear();
  }

  /** Open event streams right now. */
  get eventFollowerCount(): number {
    return this.eventFollowers.size;
  }

  private emitFor(name: string, ...actions: ContainerAction[]): void {
    const c = this.containers.get(name);
    if (!c) return;
    for (const action of actions) this.emit({ container: name, action, time: new Date(), labels: { ...c.labels } });
  }

  // Image inspect, for revisions and rollback.
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
