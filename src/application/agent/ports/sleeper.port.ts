/**
 * Waiting, as a port: the core never arms a timer itself, so use-case tests
 * on a fake (which advances the fake clock) run instantly.
 */
export interface Sleeper {
  sleep(ms: number): Promise<void>;
}
export const SLEEPER = Symbol.for('mcp.Sleeper');
