import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import type { TokenValidator } from '../../../src/application/shared/ports/identity.port';
import { CachingTokenValidator } from '../../../src/adapters/identity/cache/caching-token-validator';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import type { Identity } from '../../../src/domain/identity/identity';
import { FakeClock } from '../../fakes/fake-clock';

class CountingValidator implements TokenValidator {
  readonly calls: string[] = [];
  failNext = 0;
  constructor(private readonly known: Record<string, Identity>) {}
  async validate(token: string): Promise<Identity | undefined> {
    this.calls.push(token);
    if (this.failNext > 0) {
      this.failNext--;
      throw new DomainError(ErrorCode.IdentityUnavailable, 'MCIAS is down');
    }
    return this.known[token];
  }
  count(token: string): number {
    return this.calls.filter((t) => t === token).length;
  }
}

const ADMIN_TOKEN = 'tok-admin-0123456789';
const USER_TOKEN = 'tok-user-9876543210';

describe('CachingTokenValidator', () => {
  let clock: FakeClock;
  let inner: CountingValidator;
  let cache: CachingTokenValidator;

  beforeEach(() => {
    clock = new FakeClock();
    inner = new CountingValidator({
      [ADMIN_TOKEN]: { username: 'kyle', roles: ['admin'] },
      [USER_TOKEN]: { username: 'guest', roles: ['viewer'] },
    });
    cache = new CachingTokenValidator(inner, clock);
  });

  it('asks the inner validator once for the same token within 30 s', async () => {
    expect(await cache.validate(ADMIN_TOKEN)).to.deep.equal({ username: 'kyle', roles: ['admin'] });
    clock.advance(29_999);
    expect(await cache.validate(ADMIN_TOKEN)).to.deep.equal({ username: 'kyle', roles: ['admin'] });
    expect(inner.count(ADMIN_TOKEN)).to.equal(1);
  });

  it('drops an answer given under another generation of the inner validator (a revoked token is refused at once)', async () => {
    let generation = 'g1';
    const known: Record<string, Identity> = { [ADMIN_TOKEN]: { username: 'kyle', roles: ['admin'] }, [USER_TOKEN]: { username: 'ci', roles: ['deployer'], services: ['web-*'] } };
    const calls: string[] = [];
    const tokensFile: TokenValidator = {
      validate: async (t) => (calls.push(t), known[t]),
      generation: async () => generation,
    };
    const cached = new CachingTokenValidator(tokensFile, clock);
    expect(await cached.validate(USER_TOKEN)).to.deep.equal({ username: 'ci', roles: ['deployer'], services: ['web-*'] });
    await cached.validate(USER_TOKEN);
    expect(calls).to.have.length(1);
    delete known[USER_TOKEN];
    generation = 'g2';
    expect(await cached.validate(USER_TOKEN)).to.equal(undefined);
    expect(await cached.validate(ADMIN_TOKEN)).to.have.property('username', 'kyle');
    await cached.validate(ADMIN_TOKEN);
    expect(calls).to.deep.equal([USER_TOKEN, USER_TOKEN, ADMIN_TOKEN]);
  });

  it('asks again once 30 s have passed', async () => {
    await cache.validate(ADMIN_TOKEN);
    clock.advance(30_000);
    await cache.validate(ADMIN_TOKEN);
    expect(inner.count(ADMIN_TOKEN)).to.equal(2);
  });

  it('keeps different tokens apart', async () => {
    expect(await cache.validate(ADMIN_TOKEN)).to.have.property('username', 'kyle');
    expect(await cache.validate(USER_TOKEN)).to.deep.equal({ username: 'guest', roles: ['viewer'] });
    expect(await cache.validate(ADMIN_TOKEN)).to.have.property('username', 'kyle');
    expect(inner.count(ADMIN_TOKEN)).to.equal(1);
    expect(inner.count(USER_TOKEN)).to.equal(1);
  });

  it('caches an invalid answer too', async () => {
    expect(await cache.validate('nonsense')).to.equal(undefined);
    clock.advance(10_000);
    expect(await cache.validate('nonsense')).to.equal(undefined);
    expect(inner.count('nonsense')).to.equal(1);
  });

  it('does not cache a failure: the next call asks again', async () => {
    inner.failNext = 1;
    let failure: unknown;
    try {
      await cache.validate(ADMIN_TOKEN);
    } catch (e) {
      failure = e;
    }
    expect(failure).to.be.instanceOf(DomainError).with.property('code', ErrorCode.IdentityUnavailable);
    expect(await cache.validate(ADMIN_TOKEN)).to.have.property('username', 'kyle');
    expect(inner.count(ADMIN_TOKEN)).to.equal(2);
  });

  it('honours a configured ttl', async () => {
    cache = new CachingTokenValidator(inner, clock, { ttlMs: 1_000 });
    await cache.validate(ADMIN_TOKEN);
    clock.advance(999);
    await cache.validate(ADMIN_TOKEN);
    clock.advance(1);
    await cache.validate(ADMIN_TOKEN);
    expect(inner.count(ADMIN_TOKEN)).to.equal(2);
  });

  it('keys the cache by the SHA-256 hex of the token and never holds the token itself', async () => {
    await cache.validate(ADMIN_TOKEN);
    await cache.validate('not-a-token-abcdef');
    const entries = (cache as unknown as { entries: Map<string, unknown> }).entries;
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    expect([...entries.keys()].sort()).to.deep.equal([sha(ADMIN_TOKEN), sha('not-a-token-abcdef')].sort());
    // The inner fake remembers tokens by design; only the cache's own state matters here.
    const own = { ...(cache as unknown as Record<string, unknown>), inner: undefined };
    const everything = inspect(own, { depth: 10, showHidden: true });
    expect(everything).to.not.include(ADMIN_TOKEN);
    expect(everything).to.not.include('not-a-token-abcdef');
  });

  it('stays within its size bound, dropping the oldest answers first', async () => {
    cache = new CachingTokenValidator(inner, clock, { maxEntries: 3 });
    for (const t of ['a', 'b', 'c', 'd']) await cache.validate(t);
    expect(cache.size).to.equal(3);
    await cache.validate('d');
    await cache.validate('b');
    expect(inner.calls).to.deep.equal(['a', 'b', 'c', 'd']);
    await cache.validate('a');
    expect(inner.count('a')).to.equal(2);
    expect(cache.size).to.equal(3);
  });

  it('drops expired answers before evicting live ones', async () => {
    cache = new CachingTokenValidator(inner, clock, { maxEntries: 3 });
    await cache.validate('old');
    clock.advance(31_000);
    await cache.validate('x');
    await cache.validate('y');
    await cache.validate('z'); // full: 'old' is expired and goes, x and y stay
    await cache.validate('x');
    await cache.validate('y');
    expect(inner.count('x')).to.equal(1);
    expect(inner.count('y')).to.equal(1);
  });

  it('shares one upstream call between concurrent requests for the same token', async () => {
    const answers = await Promise.all([cache.validate(ADMIN_TOKEN), cache.validate(ADMIN_TOKEN), cache.validate(ADMIN_TOKEN)]);
    expect(answers.map((a) => a?.username)).to.deep.equal(['kyle', 'kyle', 'kyle']);
    expect(inner.count(ADMIN_TOKEN)).to.equal(1);
  });

  it('returns an identity the caller cannot alter for the next caller', async () => {
    const first = await cache.validate(ADMIN_TOKEN);
    expect(() => (first!.roles as string[]).push('root')).to.throw();
    expect((await cache.validate(ADMIN_TOKEN))!.roles).to.deep.equal(['admin']);
  });
});
