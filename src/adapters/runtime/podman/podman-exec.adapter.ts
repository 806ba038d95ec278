import type { ContainerExec, ExecResult } from '../../../application/agent/ports/container-exec.port';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { CappedOutput } from '../common/capped-output';
import { execArgs } from './podman-args';
import { endChild, PodmanCli, type PodmanCliOptions } from './podman-cli';
import { podmanMessage, toDomainError } from './podman-errors';

/** podman's own failure (no such container, container not running...), as opposed to the command's exit code. */
const PODMAN_FAILED = 125;

/**
 * ContainerExec over `podman exec`. Output of both streams is kept in arrival
 * order up to 64 KiB. At the time limit the podman child is killed; the
 * command inside the container is abandoned, not killed: podman (like the
 * Docker API) offers no way to kill an exec session.
 */
export class PodmanExec implements ContainerExec {
  private readonly cli: PodmanCli;

  constructor(options: PodmanCliOptions = {}) {
    this.cli = new PodmanCli(options);
  }

  exec(container: string, argv: readonly string[], options: { readonly timeoutMs: number }): Promise<ExecResult> {
    const what = `exec in ${container}`;
    return new Promise((resolve, reject) => {
      const child = this.cli.spawn(execArgs(container, argv));
      const output = new CappedOutput();
      const stderr = new CappedOutput();
      let timedOut = false;
      let spawnCode: string | undefined;
      child.stdout!.on('data', (d: Buffer) => output.add(d));
      child.stderr!.on('data', (d: Buffer) => {
        output.add(d);
        stderr.add(d);
      });
      const timer = setTimeout(() => {
        timedOut = true;
        void endChild(child);
      }, options.timeoutMs);
      child.once('error', (e) => {
        spawnCode = (e as NodeJS.ErrnoException).code ?? 'ESPAWN';
        clearTimeout(timer);
        reject(toDomainError({ timedOut: false, stderr: '', spawnCode }, what, this.cli.binary));
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        if (spawnCode !== undefined) return;
        if (timedOut) {
          reject(new DomainError(ErrorCode.RuntimeFailed, `${what}: ${argv.join(' ')} did not finish within ${options.timeoutMs} ms (timeout) and was abandoned`));
          return;
        }
        const own = podmanMessage(stderr.text());
        // 125 with podman's "Error: ..." is podman failing, not the command.
        if (code === PODMAN_FAILED && /^Error: /m.test(stderr.text()) && own !== '') {
          reject(toDomainError({ timedOut: false, exitCode: code, stderr: stderr.text() }, what, this.cli.binary));
          return;
        }
        resolve({ exitCode: code ?? -1, output: output.text() });
      });
    });
  }
}
