import type { ContainerExec } from '../../src/application/agent/ports/container-exec.port';
import type { ContainerLogs } from '../../src/application/agent/ports/container-logs.port';
import type { ContainerRuntime } from '../../src/application/agent/ports/container-runtime.port';
import type { RuntimeEvents } from '../../src/application/agent/ports/runtime-events.port';

/** What a scripted container's main process does, in order, before it idles. */
export type ScriptStep = { readonly out: string } | { readonly err: string } | { readonly sleepSeconds: number };

/** One engine under test: a runtime plus what the suite needs to drive it. */
export interface RuntimeUnderTest {
  readonly runtime: ContainerRuntime;
  readonly logs: ContainerLogs;
  readonly exec: ContainerExec;
  readonly events: RuntimeEvents;
  /** An image a pull can find, not yet on the node. */
  readonly pullableImage: string;
  /** An image reference no pull can find. */
  readonly missingImage: string;
  /** A fresh container name, cleaned up by the harness. */
  name(label: string): string;
  /**
   * Runs a container (labels as `spec` gives them) whose main process plays
   * `steps`, then idles. Real engines leave it out: the suite runs a shell
   * script in the test image.
   */
  runScript?(name: string, steps: readonly ScriptStep[]): Promise<void>;
  /**
   * How many log or event streams are still open in the engine's client
   * (podman: live `podman logs`/`podman events` children of this process).
   */
  openStreams(kind: 'logs' | 'events'): number | Promise<number>;
  /** Breaks the open event streams the way a dying engine would. */
  breakEvents(): void | Promise<void>;
  /**
   * Fault injection, for a runtime that offers it (the FakeRuntime): the
   * next call fails without effect, or takes effect and then "crashes" the
   * agent (every call fails until restart()).
   */
  readonly faults?: {
    failNextCall(): void;
    crashAfterNextCall(): void;
    restart(): void;
  };
}
