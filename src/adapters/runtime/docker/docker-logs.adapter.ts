import type { Readable } from 'node:stream';
import type { ContainerLogs, LogLine, LogQuery } from '../../../application/agent/ports/container-logs.port';
import { parseLogLine } from '../common/log-line';
import type { DockerEngine } from './docker-engine';
import { type Frame, FrameReader, LineSplitter } from './docker-frames';

/** `since` as the API takes it: Unix seconds with a fraction, as the docker CLI sends it. */
function unixSeconds(d: Date): string {
  const ms = d.getTime();
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}000000`;
}

/** Frames in a row from the same stream as one (the engine sends a frame per line): one decode for the lot. */
function runsOf(frames: readonly Frame[]): Frame[] {
  const runs: Frame[] = [];
  let i = 0;
  while (i < frames.length) {
    const stream = frames[i]!.stream;
    let j = i;
    while (j < frames.length && frames[j]!.stream === stream) j++;
    runs.push(j - i === 1 ? frames[i]! : { stream, payload: Buffer.concat(frames.slice(i, j).map((f) => f.payload)) });
    i = j;
  }
  return runs;
}

/**
 * ContainerLogs over GET /containers/{name}/logs with timestamps: the
 * multiplexed body is cut into frames (stdout and stderr apart), then lines,
 * a batch per chunk of the body. The body is always read as a stream (with
 * follow or not): a whole log is never held in memory, and a slow reader
 * slows the engine. Aborting destroys the HTTP request, which closes its
 * connection.
 */
export class DockerLogs implements ContainerLogs {
  constructor(private readonly engine: DockerEngine) {}

  async *logs(container: string, query: LogQuery): AsyncIterable<readonly LogLine[]> {
    const signal = query.signal;
    if (signal?.aborted) return;
    const what = `logs of ${container}`;
    const options = {
      stdout: true,
      stderr: true,
      timestamps: true,
      follow: query.follow,
      ...(query.tail !== undefined ? { tail: query.tail } : {}),
      ...(query.since !== undefined ? { since: unixSeconds(query.since) } : {}),
    };
    const frames = new FrameReader();
    const splitter = new LineSplitter();
    // Every line carries its time; a line without one is kept whole, untimed.
    const parsed = (stream: LogLine['stream'], line: string): LogLine => parseLogLine(stream, line) ?? { stream, line };
    const batchOf = (cut: readonly Frame[]): LogLine[] => {
      const out: LogLine[] = [];
      for (const run of runsOf(cut)) for (const line of splitter.lines(run)) out.push(parsed(run.stream, line));
      return out;
    };
    let body: Readable;
    try {
      // dockerode's own logs() buffers the whole body unless it follows: dial the same call as a stream instead.
      body = await new Promise<Readable>((resolve, reject) =>
        this.engine.docker.modem.dial(
          {
            path: `/containers/${encodeURIComponent(container)}/logs?`,
            method: 'GET',
            isStream: true,
            ...(signal ? { abortSignal: signal } : {}),
            statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
            options,
          },
          (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as Readable)),
        ),
      );
    } catch (e) {
      if (signal?.aborted) return;
      throw this.engine.error(e, what, 'container');
    }
    try {
      for await (const chunk of body) {
        const batch = batchOf(frames.push(chunk as Buffer));
        if (batch.length > 0) yield batch;
      }
      const last = [...batchOf(frames.end()), ...splitter.end().map(({ stream, line }) => parsed(stream, line))];
      if (last.length > 0) yield last;
    } catch (e) {
      if (signal?.aborted) return;
      throw this.engine.error(e, what, 'container');
    } finally {
      body.destroy();
    }
  }
}
