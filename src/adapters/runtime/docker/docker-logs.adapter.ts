import type { ContainerLogs, LogLine, LogQuery } from '../../../application/agent/ports/container-logs.port';
import { parseLogLine } from '../common/log-line';
import type { DockerEngine } from './docker-engine';
import { FrameReader, LineSplitter } from './docker-frames';

/** `since` as the API takes it: Unix seconds with a fraction, as the docker CLI sends it. */
function unixSeconds(d: Date): string {
  const ms = d.getTime();
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}000000`;
}

function asBuffer(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * ContainerLogs over GET /containers/{name}/logs with timestamps: the
 * multiplexed body is cut into frames (stdout and stderr apart), then lines.
 * Aborting destroys the HTTP request, which closes its connection.
 */
export class DockerLogs implements ContainerLogs {
  constructor(private readonly engine: DockerEngine) {}

  async *logs(container: string, query: LogQuery): AsyncIterable<LogLine> {
    const signal = query.signal;
    if (signal?.aborted) return;
    const what = `logs of ${container}`;
    const options = {
      stdout: true,
      stderr: true,
      timestamps: true,
      ...(query.tail !== undefined ? { tail: query.tail } : {}),
      ...(query.since !== undefined ? { since: unixSeconds(query.since) } : {}),
      ...(signal ? { abortSignal: signal } : {}),
    };
    const frames = new FrameReader();
    const lines = new LineSplitter();
    const parse = function* (chunk: Buffer | undefined): Generator<LogLine> {
      const cut = chunk ? frames.push(chunk).flatMap((f) => lines.push(f)) : [...frames.end().flatMap((f) => lines.push(f)), ...lines.end()];
      for (const { stream, line } of cut) {
        // Every line carries its time; a line without one is kept whole, untimed.
        yield parseLogLine(stream, line) ?? { stream, line };
      }
    };
    // Without follow the engine answers with the whole body at once; with it, a stream that ends only when aborted or stopped.
    let body: Buffer | (NodeJS.ReadableStream & { destroy(): void });
    try {
      const c = this.engine.docker.getContainer(container);
      body = query.follow ? ((await c.logs({ ...options, follow: true })) as typeof body) : asBuffer(await c.logs({ ...options, follow: false }));
    } catch (e) {
      if (signal?.aborted) return;
      throw this.engine.error(e, what, 'container');
    }
    try {
      for await (const chunk of Buffer.isBuffer(body) ? [body] : body) yield* parse(chunk as Buffer);
      yield* parse(undefined);
    } catch (e) {
      if (signal?.aborted) return;
      throw this.engine.error(e, what, 'container');
    } finally {
      if (!Buffer.isBuffer(body)) body.destroy();
    }
  }
}
