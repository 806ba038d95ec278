import { token } from '../../shared/ports/token';

/**
 * Serialises work per key: two mutations of one service never interleave,
 * different services proceed concurrently. Pure promise chaining, no timers.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /**
   * Resolves once no work is queued or running under any key, including
   * work queued meanwhile: at shutdown, a deploy whose caller is gone still
   * finishes (or undoes) before the database closes.
   */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  /** Keys with work queued or running; for shutdown and tests. */
  get busyKeys(): string[] {
    return [...this.tails.keys()];
  }
}
export const SERVICE_LOCK = token<KeyedLock>('mcp.ServiceLock');
