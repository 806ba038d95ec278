/** Keeps the first `limit` bytes of a stream: enough for a log line, never a memory problem. */
export class BoundedOutput {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    const room = this.limit - this.kept;
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.chunks.push(part);
      this.kept += part.length;
    }
    this.dropped += Math.max(0, chunk.length - Math.max(0, room));
  }

  text(): string {
    const body = Buffer.concat(this.chunks).toString('utf8').trimEnd();
    return this.dropped > 0 ? `${body}… (${this.dropped} more bytes not kept)` : body;
  }
}
