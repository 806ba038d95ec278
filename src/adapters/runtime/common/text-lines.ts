/** 1 Mi characters: far above any line a log is read for, small enough to hold per stream. */
export const MAX_LINE = 1024 * 1024;

/**
 * Cuts one byte stream into lines, many at a time: each push gives every
 * line the chunk completed (without its "\n" or a "\r" before it) and keeps
 * an unfinished one until its newline comes. Bytes are decoded as they
 * arrive, so a character cut between two chunks stays whole.
 */
export class TextLines {
  private rest = '';
  private readonly decoder = new TextDecoder();

  /**
   * @param maxLine characters an unfinished line may hold before it is given
   * out in pieces of at most that size: output that never ends a line (a
   * progress bar redrawn with "\r" for hours under `logs -f`) must not grow
   * without bound.
   * @param cutAt where in such a line the piece ends (1..maxLine, else at
   * maxLine): an engine whose output has its own marks inside a line cuts
   * before one.
   */
  constructor(
    private readonly maxLine = MAX_LINE,
    private readonly cutAt: (line: string, maxLine: number) => number = (_, max) => max,
  ) {}

  push(bytes: Uint8Array): string[] {
    const text = this.decoder.decode(bytes, { stream: true });
    if (!text.includes('\n')) {
      // No line ends here: appending keeps a long line's pieces unflattened until it does.
      this.rest += text;
      if (this.rest.length <= this.maxLine) return [];
      const out: string[] = [];
      this.rest = this.cut(this.rest, out);
      return out;
    }
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop()!;
    let done = text.includes('\r') ? lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)) : lines;
    // Only the first line can be long: it holds what was waiting; the others came in this one chunk.
    if (done[0]!.length > this.maxLine) {
      const out: string[] = [];
      const last = this.cut(done[0]!, out);
      out.push(last, ...done.slice(1));
      done = out;
    }
    if (this.rest.length > this.maxLine) this.rest = this.cut(this.rest, done);
    return done;
  }

  /** Puts the pieces of `line` longer than maxLine into `out`; returns what is left (at most maxLine). */
  private cut(line: string, out: string[]): string {
    let rest = line;
    while (rest.length > this.maxLine) {
      const asked = this.cutAt(rest, this.maxLine);
      const at = asked >= 1 && asked <= this.maxLine ? asked : this.maxLine;
      out.push(rest.slice(0, at));
      rest = rest.slice(at);
    }
    return rest;
  }

  /** The last line, when the stream ended without a newline after it. */
  end(): string[] {
    const last = this.rest + this.decoder.decode();
    this.rest = '';
    return last === '' ? [] : [last.endsWith('\r') ? last.slice(0, -1) : last];
  }
}
