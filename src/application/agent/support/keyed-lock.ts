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

  /** Keys with work queued or running; for shutdown and tests. */
  get busyKeys(): string[] {
    return [...this.tails.keys()];
  }
}
export const SERVICE_LOCK = token<KeyedLock>('mcp.ServiceLock');
