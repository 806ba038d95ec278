/**
 * Remembers, per key, when something was last done, so that it is done at
 * most once per `cooldownMs`. In memory on purpose: after a restart of the
 * agent one repeated alert is better than a table nobody else reads.
 */
export class Cooldown {
  private readonly last = new Map<string, number>();

  constructor(private readonly cooldownMs: number) {}

  ready(key: string, now: Date): boolean {
    const at = this.last.get(key);
    return at === undefined || now.getTime() - at >= this.cooldownMs;
  }

  mark(key: string, now: Date): void {
    this.last.set(key, now.getTime());
  }

  /** Drops keys whose cooldown is over, so deleted components do not pile up. */
  forgetExpired(now: Date): void {
    for (const [key, at] of this.last) {
      if (now.getTime() - at >= this.cooldownMs) this.last.delete(key);
    }
  }

  get size(): number {
    return this.last.size;
  }
}
