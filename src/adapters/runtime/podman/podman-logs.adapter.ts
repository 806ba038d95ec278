import type { ContainerLogs, LogLine, LogQuery } from '../../../application/agent/ports/container-logs.port';
import { logsArgs } from './podman-args';
import { childFailure, PodmanCli, type PodmanCliOptions } from './podman-cli';
import { toDomainError } from './podman-errors';
import { parsePodmanLogLine } from './podman-log-line';

/**
 * ContainerLogs over `podman logs --timestamps`: podman writes the
 * container's stdout to its stdout and its stderr to its stderr, each line
 * behind a time. A stderr line without a time is podman's own message,
 * kept for the error if podman fails. Lines go on a pipe read at a time.
 */
export class PodmanLogs implements ContainerLogs {
  private readonly cli: PodmanCli;

  constructor(options: PodmanCliOptions = {}) {
    this.cli = new PodmanCli(options);
  }

  async *logs(container: string, query: LogQuery): AsyncIterable<readonly LogLine[]> {
    const own: string[] = [];
    const batches = this.cli.batches(logsArgs(container, query), query.signal);
    try {
      for (;;) {
        const next = await batches.next();
        if (next.done) {
          const end = next.value;
          if (end.aborted || (end.exitCode === 0 && end.spawnCode === undefined)) return;
          throw toDomainError(childFailure(end, own.join('\n')), `logs of ${container}`, this.cli.binary);
        }
        const { stream, lines } = next.value;
        const batch: LogLine[] = [];
        for (const line of lines) {
          const parsed = parsePodmanLogLine(stream, line);
          if (parsed) batch.push(parsed);
          else if (stream === 'stderr') own.push(line);
        }
        if (batch.length > 0) yield batch;
      }
    } finally {
      // A reader that stops early leaves this generator, not the child's: close it so the child ends.
      await batches.return({ aborted: true, exitCode: null });
    }
  }
}
