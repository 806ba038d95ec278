/**
 * Waiting, as a port: the core never arms a timer itself, so use-case tests
 * on a fake (which advances the fake clock) run instantly. Resolves early
 * (never rejects) when `signal` aborts, so a waiting loop stops at once.
 */
export interface Sleeper {
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
export const SLEEPER = Symbol.for('mcp.Sleeper');
