/**
 * Cuts one byte stream into lines, many at a time: each push gives every
 * line the chunk completed (without its "\n" or a "\r" before it) and keeps
 * an unfinished one until its newline comes. Bytes are decoded as they
 * arrive, so a character cut between two chunks stays whole.
 */
export class TextLines {
  private rest = '';
  private readonly decoder = new TextDecoder();

  push(bytes: Uint8Array): string[] {
    const text = this.decoder.decode(bytes, { stream: true });
    if (!text.includes('\n')) {
      // No line ends here: appending keeps a long line's pieces unflattened until it does.
      this.rest += text;
      return [];
    }
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop()!;
    return text.includes('\r') ? lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)) : lines;
  }

  /** The last line, when the stream ended without a newline after it. */
  end(): string[] {
    const last = this.rest + this.decoder.decode();
    this.rest = '';
    return last === '' ? [] : [last.endsWith('\r') ? last.slice(0, -1) : last];
  }
}
