import { createHash } from 'node:crypto';
import type { Clock } from '../../../application/shared/ports/clock.port';
import type { TokenValidator } from '../../../application/shared/ports/identity.port';
import type { Identity } from '../../../domain/identity/identity';

export interface CachingTokenValidatorOptions {
  /** How long an answer (valid or invalid) is reused; SPEC says 30 s. */
  readonly ttlMs?: number;
  /** Upper bound on remembered tokens, so a flood of junk tokens cannot grow memory. */
  readonly maxEntries?: number;
}

interface Entry {
  readonly identity: Identity | undefined;
  readonly expiresAt: number;
  /** The inner validator's generation when it answered ('' when it has none). */
  readonly generation: string;
}

export const DEFAULT_VALIDATION_TTL_MS = 30_000;
export const DEFAULT_VALIDATION_CACHE_SIZE = 10_000;

/** SHA-256 hex: the only form in which a token is ever kept in memory here. */
export function tokenCacheKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Remembers what the identity service said about a token for a short time, so
 * every RPC does not cost a round trip. Invalid answers are cached too (a
 * client retrying a bad token must not hammer MCIAS); failures are not, so an
 * outage ends as soon as the service is back. When the inner validator has
 * a generation (the tokens file's stamp), an answer given under another
 * generation is not reused: a revoked token is refused on its next call.
 */
export class CachingTokenValidator implements TokenValidator {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly entries = new Map<string, Entry>();
  // Concurrent RPCs with the same token share one upstream call.
  private readonly inFlight = new Map<string, Promise<Identity | undefined>>();

  constructor(
    private readonly inner: TokenValidator,
    private readonly clock: Clock,
    options: CachingTokenValidatorOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_VALIDATION_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_VALIDATION_CACHE_SIZE;
    if (!(this.ttlMs >= 0)) throw new RangeError(`validation cache ttl must be >= 0, got ${this.ttlMs}`);
    if (!(this.maxEntries >= 1)) throw new RangeError(`validation cache size must be >= 1, got ${this.maxEntries}`);
  }

  async validate(token: string): Promise<Identity | undefined> {
    const key = tokenCacheKey(token);
    const generation = (await this.inner.generation?.()) ?? '';
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit) {
      if (hit.expiresAt > now && hit.generation === generation) return hit.identity;
      this.entries.delete(key);
    }
    // A call that started under another generation may answer for a revoked token: not joined.
    const flight = `${key}:${generation}`;
    const pending = this.inFlight.get(flight);
    if (pending) return pending;

    const call = this.ask(key, token, generation);
    this.inFlight.set(flight, call);
    try {
      return await call;
    } finally {
      this.inFlight.delete(flight);
    }
  }

  /** Number of cached answers (expired ones included until swept). */
  get size(): number {
    return this.entries.size;
  }

  private async ask(key: string, token: string, generation: string): Promise<Identity | undefined> {
    const answer = await this.inner.validate(token);
    const identity = answer
      ? Object.freeze({ username: answer.username, roles: Object.freeze([...answer.roles]), ...(answer.services ? { services: Object.freeze([...answer.services]) } : {}) })
      : undefined;
    this.remember(key, identity, generation);
    return identity;
  }

  private remember(key: string, identity: Identity | undefined, generation: string): void {
    const now = this.clock.now().getTime();
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.sweep(now);
    // Map iteration order is insertion order, so the first keys are the oldest.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { identity, expiresAt: now + this.ttlMs, generation });
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
  }
}
