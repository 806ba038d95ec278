import type { ContainerSpec } from '../../../domain/service/container-spec';
import type { ObservedState } from '../../../domain/state/states';
import { token } from '../../shared/ports/token';

/** A container as one listing of the whole node shows it. */
export interface ContainerInfo {
  readonly name: string;
  readonly image: string;
  readonly state: ObservedState;
  readonly labels: Readonly<Record<string, string>>;
  readonly startedAt?: Date;
  /** The ID of the image the container runs (what `image` resolved to when it was created). */
  readonly imageId?: string;
}

/** Everything needed to write a container back as a component spec (adopt). */
export interface ContainerDetails extends ContainerInfo {
  readonly network?: string;
  readonly user?: string;
  readonly restart?: string;
  readonly ports: readonly string[];
  readonly volumes: readonly string[];
  /** The command given at run time; empty when it is the image's default. */
  readonly cmd: readonly string[];
  /** Variables set at run time; those inherited from the image are left out. */
  readonly env: Readonly<Record<string, string>>;
}

/** A local image: its ID and the `repo@sha256:…` references that pull exactly it again. */
export interface ImageInfo {
  readonly id: string;
  readonly repoDigests: readonly string[];
}

/**
 * What the use cases need from a container engine. Failures are DomainErrors:
 * IMAGE_PULL_FAILED, CONTAINER_NOT_FOUND, RUNTIME_FAILED (with the engine's
 * own message), RUNTIME_UNAVAILABLE (engine missing).
 * Logs, exec and the event stream are ports of their own (container-logs,
 * container-exec, runtime-events): each runtime adapter folder implements all.
 */
export interface ContainerRuntime {
  pull(image: string): Promise<void>;
  hasImage(image: string): Promise<boolean>;
  run(spec: ContainerSpec): Promise<void>;
  start(name: string): Promise<void>;
  /** Stopping a stopped container is not an error. */
  stop(name: string): Promise<void>;
  /** Removing an absent container is not an error. */
  remove(name: string): Promise<void>;
  /** CONTAINER_NOT_FOUND when `from` is absent; RUNTIME_FAILED when `to` is taken. */
  rename(from: string, to: string): Promise<void>;
  /** Every container on the node, in ONE engine call. */
  list(): Promise<ContainerInfo[]>;
  /**
   * Details of these containers in ONE engine call where the engine can
   * batch them (else one concurrent call each); absent names are simply missing.
   */
  inspect(names: readonly string[]): Promise<ContainerDetails[]>;
  /**
   * Finishes what engine calls cut short by a crash of the agent left
   * half-done (a stop that never reached its SIGKILL, a container the engine
   * forgot while its monitor still holds the host ports), so the recovery at
   * start can restore containers. Of the containers the engine still knows,
   * only those of `services` are touched. Never throws for one container:
   * returns a line per thing it did or could not do; empty when there was nothing.
   */
  reapOrphans(services: readonly string[]): Promise<string[]>;
  /** The local image a reference or an ID names; undefined when it is not on the node (revisions, rollback). */
  inspectImage(image: string): Promise<ImageInfo | undefined>;
}
export const CONTAINER_RUNTIME = token<ContainerRuntime>('mcp.ContainerRuntime');
