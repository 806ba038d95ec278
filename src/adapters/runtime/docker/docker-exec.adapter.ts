import type { Duplex } from 'node:stream';
import type { ContainerExec, ExecResult } from '../../../application/agent/ports/container-exec.port';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { CappedOutput } from '../common/capped-output';
import type { DockerEngine } from './docker-engine';
import { FrameReader } from './docker-frames';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * ContainerExec over POST /containers/{name}/exec + /exec/{id}/start (the
 * connection is hijacked and carries the multiplexed output) + GET
 * /exec/{id}/json for the exit code. At the time limit the connection is
 * closed and the command abandoned: the API has no way to kill it.
 */
export class DockerExec implements ContainerExec {
  constructor(private readonly engine: DockerEngine) {}

  async exec(container: string, argv: readonly string[], options: { readonly timeoutMs: number }): Promise<ExecResult> {
    const what = `exec in ${container}`;
    const deadline = Date.now() + options.timeoutMs;
    const exec = await this.engine.call(what, 'container', (d) => d.getContainer(container).exec({ Cmd: [...argv], AttachStdout: true, AttachStderr: true, Tty: false }));
    const socket = (await this.engine.call(what, 'container', () => exec.start({ hijack: true, stdin: false }))) as unknown as Duplex;
    const output = new CappedOutput();
    const frames = new FrameReader();
    const timedOut = await new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(true);
      }, Math.max(0, deadline - Date.now()));
      socket.on('data', (chunk: Buffer) => {
        for (const f of frames.push(chunk)) output.add(f.payload);
      });
      socket.once('end', () => {
        clearTimeout(timer);
        for (const f of frames.end()) output.add(f.payload);
        resolve(false);
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(this.engine.error(e, what, 'container'));
      });
    });
    socket.destroy();
    if (timedOut) {
      throw new DomainError(ErrorCode.RuntimeFailed, `${what}: ${argv.join(' ')} did not finish within ${options.timeoutMs} ms (timeout) and was abandoned`);
    }
    // The output ends a moment before the engine records the exit code.
    for (let i = 0; ; i++) {
      const state = await this.engine.call(what, 'container', () => exec.inspect());
      if (!state.Running || i >= 50) return { exitCode: state.ExitCode ?? -1, output: output.text() };
      await sleep(20);
    }
  }
}
