import { token } from '../../shared/ports/token';
export type OutputStream = 'stdout' | 'stderr';

/** One line a container wrote, without its trailing newline. */
export interface LogLine {
  readonly stream: OutputStream;
  /** When the engine recorded it; absent when the engine gives no time. */
  readonly time?: Date;
  readonly line: string;
}

export interface LogQuery {
  /** Only the last N lines (before following); absent = all the engine kept. */
  readonly tail?: number;
  readonly since?: Date;
  /** Keep the stream open for new lines until `signal` aborts or the container is removed. */
  readonly follow: boolean;
  /**
   * Aborting ends the iteration and whatever the engine needed for it (a
   * `podman logs` child, an API connection): nothing is left behind.
   */
  readonly signal?: AbortSignal;
}

/**
 * A container's output, stdout and stderr kept apart, in batches of lines
 * (each what the engine gave in one read, never empty): a busy log is
 * hundreds of thousands of lines, and one await per line was most of the
 * cost of reading it. Fails with CONTAINER_NOT_FOUND for an unknown
 * container, RUNTIME_* otherwise.
 */
export interface ContainerLogs {
  logs(container: string, query: LogQuery): AsyncIterable<readonly LogLine[]>;
}
export const CONTAINER_LOGS = token<ContainerLogs>('mcp.ContainerLogs');
