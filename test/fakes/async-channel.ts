/**
 * A queue read as an async iterable: push() from the producer side, end() or
 * fail() to finish it. Reading stops normally when `signal` aborts.
 */
export class AsyncChannel<T> {
  private readonly queue: T[] = [];
  private done = false;
  private error: unknown;
  private wake: (() => void) | undefined;

  push(item: T): void {
    if (this.done) return;
    this.queue.push(item);
    this.notify();
  }

  end(): void {
    this.done = true;
    this.notify();
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.error = error;
    this.end();
  }

  async *read(signal?: AbortSignal, onClose?: () => void): AsyncGenerator<T> {
    const onAbort = (): void => this.notify();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        if (signal?.aborted) return;
        const next = this.queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (this.done) {
          if (this.error !== undefined) throw this.error;
          return;
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.done = true;
      onClose?.();
    }
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}
