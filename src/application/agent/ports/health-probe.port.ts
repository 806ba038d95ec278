import { token } from '../../shared/ports/token';
/** One probe's verdict and what it said (a status line, an error), for events and alerts. */
export interface ProbeResult {
  readonly ok: boolean;
  readonly output: string;
}

/**
 * Probes made from the node itself. Never rejects: a refused connection, a
 * timeout or a 5xx is `ok: false` with the reason as output.
 */
export interface HealthProbe {
  /** GET; 2xx and 3xx are healthy (redirects are not followed). */
  http(url: string, timeoutMs: number): Promise<ProbeResult>;
  /** A TCP connect to `host:port`. */
  tcp(address: string, timeoutMs: number): Promise<ProbeResult>;
}
export const HEALTH_PROBE = token<HealthProbe>('mcp.HealthProbe');
