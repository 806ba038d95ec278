import { expect } from 'chai';
import { logBatchToWire, logLinesFromWire } from '../../../src/adapters/grpc/mapping/observe.mapping';
import * as pb from '../../../src/adapters/grpc/generated/mcp/v1/mcp';
import { rfc3339Ms } from '../../../src/adapters/runtime/common/log-line';
import { TextLines } from '../../../src/adapters/runtime/common/text-lines';
import { parsePodmanLogLine } from '../../../src/adapters/runtime/podman/podman-log-line';
import type { ServiceLogLine } from '../../../src/application/shared/results/log-line';
import { formatLogBatch } from '../../../src/adapters/cli/format/logs.format';

describe('logs in batches (issue 22)', () => {
  it('reads RFC 3339 times digit by digit exactly as Date.parse does, and refuses what is not one', () => {
    for (const t of ['2026-11-27T15:45:04.215754359Z', '2026-11-27T15:45:04Z', '2026-11-27T15:45:04.2+01:00', '2026-11-27T15:45:04.21-05:30', '2026-12-31T23:59:59.999999999Z', '2024-02-29T00:00:00Z']) {
      expect(rfc3339Ms(t), t).to.equal(Date.parse(t));
    }
    for (const bad of ['2026-11-27 15:45:04Z', '2026-11-27T15:45:04', '2026-11-27T15:45:04.Z', '2026-13-27T15:45:04Z', '2026-11-27T15:45:04Zjunk', 'Error: no such container', '2026-11-27T15:4a:04Z', '']) {
      expect(rfc3339Ms(bad), bad).to.be.NaN;
    }
  });

  it('cuts bytes into lines a chunk at a time: unfinished lines, split characters and CRLF kept whole', () => {
    const t = new TextLines();
    const euro = Buffer.from('€');
    expect(t.push(Buffer.from('one\r\ntw'))).to.deep.equal(['one']);
    expect(t.push(Buffer.concat([Buffer.from('o '), euro.subarray(0, 1)]))).to.deep.equal([]);
    expect(t.push(Buffer.concat([euro.subarray(1), Buffer.from('\nthree\n\nfour')]))).to.deep.equal(['two €', 'three', '']);
    expect(t.end()).to.deep.equal(['four']);
    expect(t.end()).to.deep.equal([]);
  });

  it('gives out a line that never ends in pieces of the cap, so an endless "\\r" progress bar cannot grow memory; no byte is lost', () => {
    const t = new TextLines(10);
    expect(t.push(Buffer.from('abcdefgh'))).to.deep.equal([]);
    expect(t.push(Buffer.from('ijklmnopqrstuvwxyz'))).to.deep.equal(['abcdefghij', 'klmnopqrst']);
    expect(t.push(Buffer.from('0123\nend-of-a-long-one!'))).to.deep.equal(['uvwxyz0123', 'end-of-a-l']);
    expect(t.end()).to.deep.equal(['ong-one!']);
    // A line that ends in the chunk that made it too long is cut as well.
    expect(t.push(Buffer.from('abcdefg'))).to.deep.equal([]);
    expect(t.push(Buffer.from('hijklmnopqrstu\nv'))).to.deep.equal(['abcdefghij', 'klmnopqrstu'.slice(0, 10), 'u']);
    expect(t.end()).to.deep.equal(['v']);
  });

  it('cuts where the engine says (before its own mark inside the line), else at the cap', () => {
    const t = new TextLines(10, (line) => line.indexOf('|', 1));
    expect(t.push(Buffer.from('abc|defgh|ijklmno'))).to.deep.equal(['abc', '|defgh']);
    expect(t.end()).to.deep.equal(['|ijklmno']);
    const nowhere = new TextLines(4, () => 0);
    expect(nowhere.push(Buffer.from('abcdefghij'))).to.deep.equal(['abcd', 'efgh']);
    expect(nowhere.end()).to.deep.equal(['ij']);
  });

  it("removes the times podman 4.3 prints inside a line read in pieces, and keeps a container's own earlier times", () => {
    // Recorded from podman 4.3.1 `logs --timestamps` of a line conmon logged as a "P" then an "F" record.
    const pieces = '2026-12-03T11:29:43.056538789Z 56 012345678901234567890123456789012026-12-03T11:29:43.057440973Z 23456789';
    expect(parsePodmanLogLine('stdout', pieces)).to.deep.equal({ stream: 'stdout', time: new Date('2026-12-03T11:29:43.056Z'), line: '56 0123456789012345678901234567890123456789' });
    const own = '2026-12-03T11:29:43.056538789Z level=info ts=2026-12-03T11:29:43.050000000Z msg=up';
    expect(parsePodmanLogLine('stdout', own)?.line).to.equal('level=info ts=2026-12-03T11:29:43.050000000Z msg=up');
    expect(parsePodmanLogLine('stderr', 'Error: no container with name or ID "x" found')).to.equal(undefined);
  });

  it('sends a batch as runs of one component and stream, with times to the millisecond, and reads it back line by line', () => {
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
    const lines: ServiceLogLine[] = [
      { component: 'api', stream: 'stdout', time: at(1), line: 'a' },
      { component: 'api', stream: 'stdout', time: at(2), line: '' },
      { component: 'api', stream: 'stderr', time: at(3), line: 'oops' },
      { component: 'web', stream: 'stderr', line: 'no time' },
    ];
    const wire = logBatchToWire(lines);
    expect(wire.batches.map((b) => [b.component, b.stream, b.text, b.timesMs.length])).to.deep.equal([
      ['api', pb.LogStream.LOG_STREAM_STDOUT, 'a\n', 2],
      ['api', pb.LogStream.LOG_STREAM_STDERR, 'oops', 1],
      ['web', pb.LogStream.LOG_STREAM_STDERR, 'no time', 1],
    ]);
    const decoded = pb.StreamLogsResponse.decode(pb.StreamLogsResponse.encode(wire).finish());
    expect(logLinesFromWire(decoded)).to.deep.equal(lines);
  });

  it('still reads the one line a message of an agent from before batches', () => {
    const old = pb.StreamLogsResponse.decode(pb.StreamLogsResponse.encode({ component: 'api', stream: pb.LogStream.LOG_STREAM_STDERR, time: new Date('2026-01-01T00:00:00Z'), line: 'hi', batches: [] }).finish());
    expect(logLinesFromWire(old)).to.deep.equal([{ component: 'api', stream: 'stderr', time: new Date('2026-01-01T00:00:00Z'), line: 'hi' }]);
  });

  it('prints a batch as one text per run of the same output, in order; --json all to stdout', () => {
    const lines: ServiceLogLine[] = [
      { component: 'api', stream: 'stdout', line: 'o1' },
      { component: 'api', stream: 'stdout', line: 'o2' },
      { component: 'api', stream: 'stderr', line: 'e1' },
      { component: 'web', stream: 'stdout', line: 'o3' },
    ];
    expect(formatLogBatch(lines, { node: 'rift', several: true, timestamps: false, json: false })).to.deep.equal([
      { stream: 'stdout', text: '[api] o1\n[api] o2\n' },
      { stream: 'stderr', text: '[api] e1\n' },
      { stream: 'stdout', text: '[web] o3\n' },
    ]);
    const json = formatLogBatch(lines, { node: 'rift', several: true, timestamps: false, json: true });
    expect(json).to.have.length(1);
    expect(json[0]!.text.trimEnd().split('\n').map((l) => (JSON.parse(l) as { line: string }).line)).to.deep.equal(['o1', 'o2', 'e1', 'o3']);
  });
});
