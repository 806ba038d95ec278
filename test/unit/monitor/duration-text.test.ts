import { expect } from 'chai';
import { durationText } from '../../../src/domain/time/duration';

describe('durationText', () => {
  const cases: Array<[number, string]> = [
    [500, '500ms'],
    [45_000, '45s'],
    [600_000, '10m'],
    [5_400_000, '1h30m'],
    [2_592_000_000, '30d'],
    [90_061_000, '1d1h1m1s'],
  ];
  for (const [ms, text] of cases) {
    it(`${ms} ms → ${text}`, () => expect(durationText(ms)).to.equal(text));
  }
});
