import type { ContainerLogs, LogLine, LogQuery } from '../../../application/agent/ports/container-logs.port';
import { logsArgs } from './podman-args';
import { childFailure, PodmanCli, type PodmanCliOptions } from './podman-cli';
import { toDomainError } from './podman-errors';
import { cutBeforePieceTime, parsePodmanLogLine } from './podman-log-line';
import { MAX_LINE } from '../common/text-lines';
import { parseLogLine } from '../common/log-line';

/**
 * ContainerLogs over `podman logs --timestamps`: podman writes the
 * container's stdout to its stdout and its stderr to its stderr, each line
 * behind a time. A stderr line without a time is podman's own message,
 * kept for the error if podman fails. Lines go on a pipe read at a time.
 */
/** podman's own last stderr lines, kept for the error should it fail (a long follow must not keep them all). */
const OWN_LINES = 50;

/** `<time> ` at the start of a line podman stamped, or undefined for one of its own messages. */
function timePrefix(line: string): string | undefined {
  const space = line.indexOf(' ');
  return space > 0 && parseLogLine('stdout', line) !== undefined ? line.slice(0, space + 1) : undefined;
}

export class PodmanLogs implements ContainerLogs {
  private readonly cli: PodmanCli;

  constructor(options: PodmanCliOptions = {}) {
    this.cli = new PodmanCli(options);
  }

  async *logs(container: string, query: LogQuery): AsyncIterable<readonly LogLine[]> {
    const own: string[] = [];
    const cut: Record<LogLine['stream'], string | undefined> = { stdout: undefined, stderr: undefined };
    const batches = this.cli.batches(logsArgs(container, query), query.signal, cutBeforePieceTime);
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
          // The rest of a line cut at MAX_LINE has no time of its own: it is read behind the line's.
          const piece = cut[stream];
          cut[stream] = line.length === MAX_LINE ? (piece ?? timePrefix(line)) : undefined;
          const parsed = parsePodmanLogLine(stream, piece === undefined ? line : piece + line);
          if (parsed) batch.push(parsed);
          else if (stream === 'stderr' && own.push(line) > OWN_LINES) own.shift();
        }
        if (batch.length > 0) yield batch;
      }
    } finally {
      // A reader that stops early leaves this generator, not the child's: close it so the child ends.
      await batches.return({ aborted: true, exitCode: null });
    }
  }
}
