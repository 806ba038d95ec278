import type { ContainerLogs, LogLine, LogQuery } from '../../../application/agent/ports/container-logs.port';
import { logsArgs } from './podman-args';
import { childFailure, PodmanCli, type PodmanCliOptions } from './podman-cli';
import { toDomainError } from './podman-errors';
import { cutBeforePieceTime, parsePodmanLogLine } from './podman-log-line';
import { MAX_LINE } from '../common/text-lines';
import { parseLogLine } from '../common/log-line';
import { readK8sFileLog } from './k8s-file-log';
import { PodmanLogFiles } from './podman-log-files';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';

/** podman's own last stderr lines, kept for the error should it fail (a long follow must not keep them all). */
const OWN_LINES = 50;

/** `<time> ` at the start of a line podman stamped, or undefined for one of its own messages. */
function timePrefix(line: string): string | undefined {
  const space = line.indexOf(' ');
  return space > 0 && parseLogLine('stdout', line) !== undefined ? line.slice(0, space + 1) : undefined;
}

/**
 * Most lines a read takes from the file. podman's ~35 ms start is most of a
 * short read (`-n 5`, a gate's last 20 lines); a long one is paced by
 * podman, as a follow is: read at disk speed, a 24 MB log outran a busy
 * client and left up to 50 MB more in the agent's heap until its next full
 * collection (docs/ARCHITECTURE.md, "Logs").
 */
export const FILE_TAIL_MAX = 10_000;

export interface PodmanLogsOptions extends PodmanCliOptions {
  /**
   * Read the last lines (up to FILE_TAIL_MAX) of a k8s-file log straight
   * from its file when not following (default true): `podman logs` spends
   * ~35 ms starting before it reads a byte. false asks podman every time
   * (what the file reading is tested against).
   */
  readonly readLogFiles?: boolean;
}

/**
 * ContainerLogs over `podman logs --timestamps`: podman writes the
 * container's stdout to its stdout and its stderr to its stderr, each line
 * behind a time. A stderr line without a time is podman's own message,
 * kept for the error if podman fails. Lines go on a pipe read at a time.
 * The last lines of a k8s-file log (podman's default off systemd), when
 * not following, are read from the file itself, as kubelet reads CRI logs:
 * the same records podman would read, without a podman process
 * (docs/ARCHITECTURE.md, "Logs").
 */
export class PodmanLogs implements ContainerLogs {
  private readonly cli: PodmanCli;
  private readonly files: PodmanLogFiles | undefined;

  constructor(options: PodmanLogsOptions = {}) {
    this.cli = new PodmanCli(options);
    this.files = options.readLogFiles === false ? undefined : new PodmanLogFiles(this.cli);
  }

  async *logs(container: string, query: LogQuery): AsyncIterable<readonly LogLine[]> {
    if (!query.follow && query.tail !== undefined && query.tail <= FILE_TAIL_MAX && this.files !== undefined) {
      const file = await this.files.fileOf(container);
      if (file !== undefined && (yield* fromFile(container, file, query))) return;
    }
    yield* this.fromPodman(container, query);
  }

  private async *fromPodman(container: string, query: LogQuery): AsyncIterable<readonly LogLine[]> {
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

/**
 * The log read from its file; false when reading it fails before any line
 * (gone with its container since, not a k8s-file log, not readable): the
 * file is only a shortcut, and podman answers. A file that fails once lines
 * were given is the engine's failure.
 */
async function* fromFile(container: string, path: string, query: LogQuery): AsyncGenerator<readonly LogLine[], boolean> {
  let given = false;
  try {
    for await (const batch of readK8sFileLog(path, query)) {
      given = true;
      yield batch;
    }
    return true;
  } catch (e) {
    if (!given) return false;
    throw new DomainError(ErrorCode.RuntimeFailed, `logs of ${container}: reading ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
