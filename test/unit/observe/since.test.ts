import { expect } from 'chai';
import { mergeAsync } from '../../../src/application/shared/support/merge-async';
import { isDomainError } from '../../../src/domain/errors/domain-error';
import { parseSince } from '../../../src/domain/time/since';

const now = new Date('2026-11-27T15:00:00Z');

describe('parseSince', () => {
  it('reads durations back from now', () => {
    expect(parseSince('10m', now).toISOString()).to.equal('2026-11-27T14:50:00.000Z');
    expect(parseSince('1h30m', now).toISOString()).to.equal('2026-11-27T13:30:00.000Z');
    expect(parseSince('2d', now).toISOString()).to.equal('2026-11-25T15:00:00.000Z');
  });

  it('reads RFC 3339 times with their offset', () => {
    expect(parseSince('2026-11-27T14:00:00Z', now).toISOString()).to.equal('2026-11-27T14:00:00.000Z');
    expect(parseSince('2026-11-27T15:30:00+01:00', now).toISOString()).to.equal('2026-11-27T14:30:00.000Z');
  });

  for (const bad of ['yesterday', '10', '-5m', '2026-11-27', '2026-13-40T99:00:00Z', '2027-01-01T00:00:00Z', '']) {
    it(`refuses ${JSON.stringify(bad)} with one line naming the option and the accepted forms`, () => {
      let error: unknown;
      try {
        parseSince(bad, now);
      } catch (e) {
        error = e;
      }
      expect(isDomainError(error) && error.code).to.equal('INVALID_ARGUMENT');
      expect((error as Error).message).to.match(/^--since ".*": .*10m.*RFC 3339/);
      expect((error as Error).message).not.to.include('\n');
    });
  }
});

describe('mergeAsync', () => {
  it('yields every item of every source and closes the others when one fails', async () => {
    let closed = false;
    // slow is still busy when failing throws: it goes on only once failing has failed.
    let failed!: () => void;
    const afterFailure = new Promise<void>((resolve) => (failed = resolve));
    async function* slow() {
      try {
        yield 'a';
        await afterFailure;
        yield 'b';
      } finally {
        closed = true;
      }
    }
    async function* failing() {
      yield 'x';
      await Promise.resolve();
      setImmediate(failed);
      throw new Error('broken');
    }
    const seen: string[] = [];
    const error = await (async () => {
      for await (const v of mergeAsync([slow(), failing()])) seen.push(v);
    })().catch((e: Error) => e.message);
    expect(error).to.equal('broken');
    expect(seen).to.include.members(['a', 'x']);
    expect(closed).to.equal(true);
  });
});
