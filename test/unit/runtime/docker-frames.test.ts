import { expect } from 'chai';
import { FrameReader, LineSplitter } from '../../../src/adapters/runtime/docker/docker-frames';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

function lines(chunks: readonly Buffer[]): [string, string][] {
  const reader = new FrameReader();
  const splitter = new LineSplitter();
  const out = chunks.flatMap((c) => reader.push(c).flatMap((f) => splitter.push(f)));
  out.push(...reader.end().flatMap((f) => splitter.push(f)), ...splitter.end());
  return out.map((l) => [l.stream, l.line]);
}

describe('docker multiplexed streams', () => {
  it('keeps stdout and stderr apart', () => {
    expect(lines([Buffer.concat([frame(1, 'out one\n'), frame(2, 'err one\n'), frame(1, 'out two\n')])])).to.deep.equal([
      ['stdout', 'out one'],
      ['stderr', 'err one'],
      ['stdout', 'out two'],
    ]);
  });

  it('joins headers, frames and lines cut anywhere, a character split across frames included', () => {
    const all = Buffer.concat([frame(1, 'hél'), frame(2, 'e\n'), frame(1, 'lo\nlast')]);
    const eAcute = Buffer.from('é');
    // Cut inside the first header, inside "é", and inside the second header.
    const cuts = [3, 8 + 2, 8 + 3 + 4];
    expect(eAcute.length).to.equal(2);
    const chunks = [all.subarray(0, cuts[0]), all.subarray(cuts[0], cuts[1]), all.subarray(cuts[1], cuts[2]), all.subarray(cuts[2])];
    expect(lines(chunks)).to.deep.equal([
      ['stderr', 'e'],
      ['stdout', 'héllo'],
      ['stdout', 'last'],
    ]);
  });

  it('reads the raw stream of a container with a TTY as stdout', () => {
    expect(lines([Buffer.from('2026-11-27T15:45:04Z hello\r\n'), Buffer.from('bye')])).to.deep.equal([
      ['stdout', '2026-11-27T15:45:04Z hello'],
      ['stdout', 'bye'],
    ]);
  });
});
