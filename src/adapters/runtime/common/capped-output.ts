/** What an exec keeps of a command's output (port: "at most the first 64 KiB"). */
export const EXEC_OUTPUT_LIMIT = 64 * 1024;

/**
 * Collects chunks up to a byte limit and drops the rest, so a chatty command
 * cannot grow the agent's memory; the source keeps being drained by the caller.
 */
export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit = EXEC_OUTPUT_LIMIT) {}

  add(chunk: Buffer | string): void {
    if (this.size >= this.limit) return;
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const part = buf.length <= this.limit - this.size ? buf : buf.subarray(0, this.limit - this.size);
    this.chunks.push(part);
    this.size += part.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
