/**
 * A component's health: `none` when it declares no check, `starting` until
 * the first verdict, then healthy/unhealthy by the check's own rules.
 */
export const HEALTH_STATES = ['healthy', 'unhealthy', 'starting', 'none'] as const;
export type Health = (typeof HEALTH_STATES)[number];
