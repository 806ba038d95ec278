import { Agent } from 'node:http';
import Docker from 'dockerode';
import { type CallKind, API_VERSION, toDomainError } from './docker-errors';

export interface DockerEngineOptions {
  /** The engine's unix socket: dockerd's, or podman's Docker-compatible one. */
  readonly socketPath: string;
  /** The HTTP agent for every call (tests count its open connections); one keeping connections alive by default. */
  readonly agent?: Agent;
  /** Seconds the engine waits after SIGTERM before SIGKILL on stop and remove. */
  readonly stopTimeoutSeconds?: number;
}

/**
 * One Docker Engine API endpoint shared by the four runtime adapters of this
 * folder: dockerode over a unix socket, at a pinned API version so that
 * dockerd and podman answer alike.
 */
export class DockerEngine {
  readonly docker: Docker;
  readonly socketPath: string;
  readonly stopTimeout: number;

  constructor(options: DockerEngineOptions) {
    this.socketPath = options.socketPath;
    this.stopTimeout = options.stopTimeoutSeconds ?? 10;
    const agent = options.agent ?? new Agent({ keepAlive: true });
    this.docker = new Docker({ socketPath: this.socketPath, version: `v${API_VERSION}`, agent } as Docker.DockerOptions);
  }

  /** Runs one API call, turning any failure into the port's DomainError. */
  async call<T>(what: string, kind: CallKind, fn: (docker: Docker) => Promise<T>): Promise<T> {
    try {
      return await fn(this.docker);
    } catch (e) {
      throw this.error(e, what, kind);
    }
  }

  /**
   * Like call, but an engine answer with one of the `tolerated` HTTP
   * statuses (404 of something absent, 304 of nothing to do) is an outcome,
   * not a failure: it resolves to undefined.
   */
  async attempt<T>(what: string, kind: CallKind, tolerated: readonly number[], fn: (docker: Docker) => Promise<T>): Promise<T | undefined> {
    try {
      return await fn(this.docker);
    } catch (e) {
      const status = statusOf(e);
      if (status !== undefined && tolerated.includes(status)) return undefined;
      throw this.error(e, what, kind);
    }
  }

  error(e: unknown, what: string, kind: CallKind): Error {
    return toDomainError(e, what, this.socketPath, kind);
  }
}

/** The HTTP status of a failed dockerode call, if the engine answered. */
export function statusOf(e: unknown): number | undefined {
  const code = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}
