/** Waits. Resolves early (never rejects) when `signal` aborts, so a waiting loop stops at once. */
export interface Sleeper {
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
export const SLEEPER = Symbol.for('mcp.Sleeper');
