import { token } from './token';
/** The only source of time for the core; tests drive it by hand. */
export interface Clock {
  now(): Date;
}
export const CLOCK = token<Clock>('mcp.Clock');
