import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';

/** What came back from one podman invocation that did not succeed. */
export interface PodmanFailure {
  /** Node's own error code (ENOENT: no such binary; ERR_CHILD_PROCESS_STDIO_MAXBUFFER...). */
  readonly spawnCode?: string;
  readonly exitCode?: number;
  readonly timedOut: boolean;
  readonly stderr: string;
}

/**
 * podman's own message, one line: the last "Error: ..." line wins (earlier
 * lines are retries and warnings), else the last non-empty line.
 */
export function podmanMessage(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const errors = lines.filter((l) => l.startsWith('Error: '));
  const line = errors.length > 0 ? errors[errors.length - 1]!.slice('Error: '.length) : lines[lines.length - 1];
  return line ?? '';
}

export function isNoSuchContainer(stderr: string): boolean {
  return /no such container/i.test(stderr);
}

/**
 * podman 4.3's `rm --force` of a container that exits on its own between
 * podman's look and its kill: "cannot remove container … as it could not be
 * stopped: sending SIGKILL …: container state improper: stopped".
 */
export function isExitedWhileRemoved(stderr: string): boolean {
  return /could not be stopped: .*container state improper/i.test(stderr);
}

/** Maps one failed podman call to the port's error codes. */
export function toDomainError(f: PodmanFailure, what: string, binary: string, isPull = false): DomainError {
  if (f.spawnCode === 'ENOENT') {
    return new DomainError(ErrorCode.RuntimeUnavailable, `${what}: podman not found (tried "${binary}"): install podman or fix the agent's container runtime path`);
  }
  if (f.spawnCode === 'EACCES') {
    return new DomainError(ErrorCode.RuntimeUnavailable, `${what}: cannot execute "${binary}" (permission denied)`);
  }
  const detail = f.timedOut
    ? 'podman did not answer in time and was stopped'
    : podmanMessage(f.stderr) || (f.spawnCode !== undefined ? `podman failed: ${f.spawnCode}` : `podman exited with code ${f.exitCode ?? '?'}`);
  if (isPull) return new DomainError(ErrorCode.ImagePullFailed, `${what}: ${detail}`);
  if (!f.timedOut && isNoSuchContainer(f.stderr)) return new DomainError(ErrorCode.ContainerNotFound, `${what}: ${detail}`);
  return new DomainError(ErrorCode.RuntimeFailed, `${what}: ${detail}`);
}
