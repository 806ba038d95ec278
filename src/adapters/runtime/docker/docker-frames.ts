import type { OutputStream } from '../../../application/agent/ports/container-logs.port';
import { TextLines } from '../common/text-lines';

/** One piece of a container's output with the stream it came from. */
export interface Frame {
  readonly stream: OutputStream;
  readonly payload: Buffer;
}

const HEADER = 8;

/**
 * Demultiplexes the Docker API's stdout/stderr stream (a container without a
 * TTY): frames of an 8-byte header (stream byte, three zero bytes, payload
 * size big-endian) and the payload. A container with a TTY gets one raw
 * stream instead, told apart by its first bytes; it is all stdout.
 */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  private raw: boolean | undefined;

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (this.raw === undefined) {
      if (this.pending.length < HEADER) return [];
      const p = this.pending;
      this.raw = !(p[0]! <= 2 && p[1] === 0 && p[2] === 0 && p[3] === 0);
    }
    if (this.raw) {
      const payload = this.pending;
      this.pending = Buffer.alloc(0);
      return [{ stream: 'stdout', payload }];
    }
    const frames: Frame[] = [];
    while (this.pending.length >= HEADER) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER + size) break;
      // Stream 0 is stdin (never sent back); 1 stdout, 2 stderr.
      const stream: OutputStream = this.pending[0] === 2 ? 'stderr' : 'stdout';
      frames.push({ stream, payload: this.pending.subarray(HEADER, HEADER + size) });
      this.pending = this.pending.subarray(HEADER + size);
    }
    return frames;
  }

  /** What is left at the end of the stream: a raw tail shorter than a header. */
  end(): Frame[] {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest.length > 0 && this.raw !== false ? [{ stream: 'stdout', payload: rest }] : [];
  }
}

/**
 * Splits each stream's bytes into lines, keeping an unfinished line per
 * stream until its newline comes (frames cut lines anywhere).
 */
export class LineSplitter {
  private readonly streams = { stdout: new TextLines(), stderr: new TextLines() };

  /** Every line the frame completed, all of its stream. */
  lines(frame: Frame): string[] {
    return this.streams[frame.stream].push(frame.payload);
  }

  push(frame: Frame): { stream: OutputStream; line: string }[] {
    return this.lines(frame).map((line) => ({ stream: frame.stream, line }));
  }

  end(): { stream: OutputStream; line: string }[] {
    return (['stdout', 'stderr'] as const).flatMap((stream) => this.streams[stream].end().map((line) => ({ stream, line })));
  }
}

/**
 * The lines of a newline-delimited body (the JSON of /events, of a pull's
 * progress), the last one even without its newline. Bytes are decoded as
 * they arrive, so a character cut between two chunks stays whole.
 */
export async function* linesOf(body: AsyncIterable<unknown>): AsyncGenerator<string> {
  const lines = new LineSplitter();
  for await (const chunk of body) {
    const payload = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    for (const { line } of lines.push({ stream: 'stdout', payload })) yield line;
  }
  for (const { line } of lines.end()) yield line;
}
