import type { RuntimeEvent, RuntimeEvents } from '../../../application/agent/ports/runtime-events.port';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { eventsArgs } from './podman-args';
import { childFailure, PodmanCli, type PodmanCliOptions } from './podman-cli';
import { podmanMessage, toDomainError } from './podman-errors';
import { parseEvent } from './podman-stream-json';

/**
 * RuntimeEvents over one long-running `podman events --format=json`. The
 * stream ends normally only when the signal aborts; podman exiting on its
 * own, whatever its code, is a broken stream (a DomainError) so the caller
 * restarts it and resynchronises.
 */
export class PodmanEvents implements RuntimeEvents {
  private readonly cli: PodmanCli;

  constructor(options: PodmanCliOptions = {}) {
    this.cli = new PodmanCli(options);
  }

  async *follow(signal: AbortSignal): AsyncIterable<RuntimeEvent> {
    const stderr: string[] = [];
    const lines = this.cli.lines(eventsArgs(), signal);
    try {
      for (;;) {
        const next = await lines.next();
        if (next.done) {
          const end = next.value;
          if (end.aborted) return;
          if (end.exitCode === 0 && end.spawnCode === undefined) {
            const said = podmanMessage(stderr.join('\n'));
            throw new DomainError(ErrorCode.RuntimeFailed, `runtime events: podman events ended unexpectedly${said !== '' ? `: ${said}` : ''}`);
          }
          throw toDomainError(childFailure(end, stderr.join('\n')), 'runtime events', this.cli.binary);
        }
        const { stream, line } = next.value;
        if (stream === 'stderr') {
          stderr.push(line);
          if (stderr.length > 20) stderr.shift();
          continue;
        }
        const event = parseEvent(line);
        if (event) yield event;
      }
    } finally {
      // A reader that stops early leaves this generator, not the child's: close it so the child ends.
      await lines.return({ aborted: true, exitCode: null });
    }
  }
}
