import { token } from '../../shared/ports/token';
export interface ExecResult {
  readonly exitCode: number;
  /** stdout and stderr together, at most the first 64 KiB. */
  readonly output: string;
}

/**
 * Runs a command inside a running container (health checks of kind `cmd`).
 * A command that runs and fails is an ExecResult with its exit code; a
 * missing container is CONTAINER_NOT_FOUND; a command still running after
 * `timeoutMs` is killed and reported as RUNTIME_FAILED naming the timeout.
 */
export interface ContainerExec {
  exec(container: string, argv: readonly string[], options: { readonly timeoutMs: number }): Promise<ExecResult>;
}
export const CONTAINER_EXEC = token<ContainerExec>('mcp.ContainerExec');
