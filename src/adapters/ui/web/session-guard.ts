import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The session cookie's name carries the dashboard's port: browsers keep
 * cookies per host, not per port, so two `mcp ui` on one host (an admin and
 * a viewer one) would otherwise overwrite each other's key.
 */
export function cookieName(port: number): string {
  return `mcp_ui_key_${port}`;
}

/** A fresh random key per `mcp ui` run: 192 bits, URL-safe. */
export function newSessionKey(): string {
  return randomBytes(24).toString('base64url');
}

export function sameKey(given: string | undefined, key: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The cookie a page gets once it came with the key: scripts cannot read it, other sites' requests do not carry it. */
export function sessionCookie(name: string, key: string, secure: boolean): string {
  return `${name}=${key}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/**
 * Sent with every answer: scripts and styles only from the dashboard itself
 * (no inline script, no CDN), no framing, no referrer (the first URL holds the key).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

/**
 * A state-changing request must come from a page of this very dashboard:
 * its Origin names the address the browser loaded (the Host it sent, which
 * itself must be one of ours — no DNS rebinding).
 */
export function sameOrigin(origin: string | undefined, host: string | undefined, allowedHosts: ReadonlySet<string>, scheme: 'http' | 'https'): boolean {
  if (origin === undefined || host === undefined || !allowedHosts.has(host.toLowerCase())) return false;
  return origin.toLowerCase() === `${scheme}://${host.toLowerCase()}`;
}
