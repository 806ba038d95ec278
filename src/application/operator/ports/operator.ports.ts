import type { ServiceSpec } from '../../../domain/service/service-spec';
import type { DeployStep } from '../../shared/results/deploy-step';

/** A `[[nodes]]` entry of the CLI config. */
export interface NodeEntry {
  readonly name: string;
  readonly address: string;
}

/** The `[[nodes]]` of the CLI config; add/remove keep the file's comments. */
export interface NodeDirectory {
  /** The config file, for messages ("… is not in [[nodes]] of <where>"). */
  readonly where: string;
  list(): Promise<readonly NodeEntry[]>;
  add(node: NodeEntry): Promise<void>;
  remove(name: string): Promise<void>;
}

/** The operator's definition files (`<services dir>/<service>.toml`). */
/** What `ServiceDefinitions.setActive` did: the spec the file now defines, and the way back. */
export interface ActiveChange {
  readonly spec: ServiceSpec;
  undo(): Promise<void>;
}

export interface ServiceDefinitions {
  /** `<services dir>/<service>.toml`; the name is already valid. */
  defaultPath(service: string): string;
  exists(path: string): Promise<boolean>;
  load(path: string): Promise<ServiceSpec>;
  loadAll(): Promise<ReadonlyArray<{ readonly path: string; readonly spec: ServiceSpec }>>;
  /**
   * Flips `active`, changing only that line. `undo()` puts the file back as
   * it was (for a stop/start the node refused): only that line again, and
   * nothing when the file already said so.
   */
  setActive(path: string, active: boolean): Promise<ActiveChange>;
  /** Writes `spec` to `path`, keeping comments of an existing file. */
  export(path: string, spec: ServiceSpec): Promise<void>;
  /** The spec as definition-file text (for `service show`). */
  render(spec: ServiceSpec): string;
}

/** The CLI's saved bearer token (`[auth] token_path`, 0600). */
export interface TokenStore {
  readonly path: string;
  save(token: string): Promise<void>;
}

export interface LocalFile {
  readonly content: Uint8Array;
  readonly mode: number;
}

/** Files on the operator's machine (push/pull, the password file). */
export interface LocalFiles {
  read(path: string): Promise<LocalFile>;
  write(path: string, file: LocalFile): Promise<void>;
}

/** Opens a file in the operator's editor and returns when it exits. */
export interface Editor {
  edit(path: string): Promise<void>;
}

/** The operator at the keyboard, and stdin. */
export interface Terminal {
  readonly interactive: boolean;
  prompt(question: string): Promise<string>;
  /** No echo: for passwords. */
  promptHidden(question: string): Promise<string>;
  readStdin(): Promise<string>;
}

/** `[auth]` of the CLI config, as login needs it. */
export interface LoginSettings {
  readonly username?: string;
  readonly passwordFile?: string;
}

/** Told when a deploy starts, at each step the agent takes, and when it ends, so a terminal can show progress. */
export interface DeployProgress {
  started(node: string, service: string, components: readonly string[]): void;
  step(node: string, service: string, step: DeployStep): void;
  finished(): void;
}
