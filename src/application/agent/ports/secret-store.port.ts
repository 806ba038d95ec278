import { token } from '../../shared/ports/token';

/** What may be said about a secret: never its value. */
export interface SecretInfo {
  readonly service: string;
  readonly name: string;
  readonly version: number;
  /** Bytes of the value. */
  readonly size: number;
  readonly updatedAt: Date;
  readonly updatedBy: string;
}

export interface SecretValue {
  readonly version: number;
  readonly value: Uint8Array;
}

/**
 * The node's secret values, per service, versioned. The adapter keeps them
 * encrypted at rest; only `read` ever returns a value, and only the deploy
 * (which hands it to the container engine) calls it.
 */
export interface SecretStore {
  /** Stores a new current version (previous version + 1). */
  put(service: string, name: string, value: Uint8Array, by: string, at: Date): Promise<SecretInfo>;
  /** The current version of every secret of the service, by name. */
  list(service: string): Promise<SecretInfo[]>;
  /** The current version's value, or a given kept version's; undefined when there is none. */
  read(service: string, name: string, version?: number): Promise<SecretValue | undefined>;
  /** No current version afterwards; false when there was none. Versions in `keep` stay (revisions use them). */
  remove(service: string, name: string, keep: readonly number[]): Promise<boolean>;
  /** Drops the versions of `name` that are neither current nor in `keep`. */
  prune(service: string, name: string, keep: readonly number[]): Promise<void>;
}
export const SECRET_STORE = token<SecretStore>('mcp.SecretStore');
