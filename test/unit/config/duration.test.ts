import { expect } from 'chai';
import { parseByteSize } from '../../../src/adapters/config/toml/byte-size';
import { parseDuration } from '../../../src/domain/time/duration';
import { expandHome } from '../../../src/adapters/config/toml/paths';

describe('parseDuration', () => {
  const table: [string, number][] = [
    ['500ms', 500],
    ['1s', 1_000],
    ['60s', 60_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['30d', 2_592_000_000],
    ['0s', 0],
  ];
  for (const [text, ms] of table) it(`reads ${text} as ${ms} ms`, () => expect(parseDuration(text)).to.equal(ms));
  for (const bad of ['60', '1x', '-5s', '', ' 60s', '60 s', '1.5h', '1h30m', 's', '60S', '9999999999999999999d']) {
    it(`rejects ${JSON.stringify(bad)}`, () => expect(parseDuration(bad)).to.equal(undefined));
  }
});

describe('parseByteSize', () => {
  it('reads bytes and binary units', () => {
    expect(parseByteSize(1024)).to.equal(1024);
    expect(parseByteSize('2048')).to.equal(2048);
    expect(parseByteSize('64MiB')).to.equal(64 * 1024 * 1024);
    expect(parseByteSize('512KiB')).to.equal(512 * 1024);
    expect(parseByteSize('1GiB')).to.equal(1024 ** 3);
    expect(parseByteSize('10B')).to.equal(10);
  });
  it('rejects anything else', () => {
    for (const bad of [-1, 1.5, '64MB', '64mib', 'lots', '', '-3']) expect(parseByteSize(bad), String(bad)).to.equal(undefined);
  });
});

describe('expandHome', () => {
  const env = { HOME: '/home/kyle' };
  it('expands ~ and ~/', () => {
    expect(expandHome('~', env)).to.equal('/home/kyle');
    expect(expandHome('~/.config/mcp/token', env)).to.equal('/home/kyle/.config/mcp/token');
  });
  it('leaves other paths alone', () => {
    expect(expandHome('/srv/mcp', env)).to.equal('/srv/mcp');
    expect(expandHome('~bob/x', env)).to.equal('~bob/x');
    expect(expandHome('a/~/b', env)).to.equal('a/~/b');
  });
});
