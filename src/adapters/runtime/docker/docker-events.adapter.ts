import type { RuntimeEvent, RuntimeEvents } from '../../../application/agent/ports/runtime-events.port';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import type { Json } from '../common/inspect-json';
import type { DockerEngine } from './docker-engine';
import { linesOf } from './docker-frames';
import { eventFromApi } from './docker-json';

/**
 * RuntimeEvents over one long GET /events?filters={"type":["container"]}.
 * The body is one JSON object per line. It ends normally only when the
 * signal aborts; the engine closing it or the connection breaking is a
 * DomainError, for the caller to restart and resynchronise.
 */
export class DockerEvents implements RuntimeEvents {
  constructor(private readonly engine: DockerEngine) {}

  async *follow(signal: AbortSignal): AsyncIterable<RuntimeEvent> {
    if (signal.aborted) return;
    const what = 'runtime events';
    let stream: NodeJS.ReadableStream & { destroy(): void };
    try {
      stream = (await this.engine.docker.getEvents({ filters: { type: ['container'] }, abortSignal: signal } as object)) as typeof stream;
    } catch (e) {
      if (signal.aborted) return;
      throw this.engine.error(e, what, 'other');
    }
    try {
      for await (const line of linesOf(stream)) {
        const event = parse(line);
        if (event) yield event;
      }
    } catch (e) {
      if (signal.aborted) return;
      throw this.engine.error(e, what, 'other');
    } finally {
      stream.destroy();
    }
    if (signal.aborted) return;
    throw new DomainError(ErrorCode.RuntimeFailed, `${what}: the Docker engine at ${this.engine.socketPath} closed the event stream`);
  }
}

function parse(line: string): RuntimeEvent | undefined {
  if (line.trim() === '') return undefined;
  try {
    const e: unknown = JSON.parse(line);
    return e !== null && typeof e === 'object' ? eventFromApi(e as Json) : undefined;
  } catch {
    return undefined;
  }
}
