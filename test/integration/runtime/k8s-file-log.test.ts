import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotK8sFileLog, parseK8sRecord, readK8sFileLog } from '../../../src/adapters/runtime/podman/k8s-file-log';
import { MAX_LINE } from '../../../src/adapters/runtime/common/text-lines';
import type { LogLine, LogQuery } from '../../../src/application/agent/ports/container-logs.port';

/** k8s-file logs as conmon writes them, in real files, read back the way `podman logs` would give them. */
describe('readK8sFileLog: a k8s-file log read from its file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-k8s-file-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  const at = (s: number) => `2026-12-04T01:00:${String(s).padStart(2, '0')}.123456789+00:00`;
  const rec = (s: number, stream: 'stdout' | 'stderr', mark: 'F' | 'P', text: string) => `${at(s)} ${stream} ${mark} ${text}\n`;

  function file(content: string): string {
    const path = join(dir, `ctr-${n++}.log`);
    writeFileSync(path, content);
    return path;
  }

  async function read(path: string, query: Pick<LogQuery, 'tail' | 'since' | 'signal'> = {}, chunk?: number): Promise<LogLine[]> {
    const out: LogLine[] = [];
    for await (const batch of readK8sFileLog(path, query, chunk)) out.push(...batch);
    return out;
  }

  const lines = (got: readonly LogLine[]) => got.map((l) => `${l.stream} ${l.time!.toISOString().slice(17, 23)} ${l.line}`);

  it('parses a record: time, stream, whether it ends a line, the text (spaces kept, an empty text allowed)', () => {
    expect(parseK8sRecord(`${at(1)} stderr P  two  spaces `)).to.deep.equal({ ms: Date.parse('2026-12-04T01:00:01.123Z'), stream: 'stderr', partial: true, text: ' two  spaces ' });
    expect(parseK8sRecord(`${at(1)} stdout F`)?.text).to.equal('');
    for (const bad of ['', 'hello', `${at(1)} stdin F x`, `${at(1)} stdout X x`, `${at(1)} stdout Fx`, 'not-a-time stdout F x']) {
      expect(parseK8sRecord(bad), bad).to.equal(undefined);
    }
  });

  it('joins each stream\'s pieces into its line, at the time of its first piece, whatever the other stream wrote between', async () => {
    const path = file(rec(1, 'stdout', 'P', 'ab') + rec(2, 'stderr', 'F', 'x') + rec(3, 'stdout', 'P', 'cd') + rec(4, 'stdout', 'F', 'ef') + rec(5, 'stdout', 'F', 'crlf\r'));
    expect(lines(await read(path))).to.deep.equal(['stderr 02.123 x', 'stdout 01.123 abcdef', 'stdout 05.123 crlf']);
  });

  it('--tail gives the last N lines of the whole log, however small the reads backwards are', async () => {
    let content = '';
    for (let i = 0; i < 30; i++) {
      content += i % 4 === 0 ? rec(i, 'stdout', 'P', `p${i}-`) + rec(i, 'stderr', 'F', `e${i}`) + rec(i, 'stdout', 'F', `q${i}`) : rec(i, i % 3 === 0 ? 'stderr' : 'stdout', 'F', `l${i} ü`);
    }
    const path = file(content);
    const whole = lines(await read(path));
    expect(whole).to.have.length(38);
    for (const chunk of [3, 7, 64, 65536]) {
      for (const tail of [0, 1, 2, 3, 5, 17, 38, 39, 100]) {
        expect(lines(await read(path, { tail }, chunk)), `tail ${tail}, reads of ${chunk} bytes`).to.deep.equal(tail === 0 ? [] : whole.slice(-tail));
      }
    }
  });

  it('a last line the container has not ended yet is given as it is, and counts as a line for --tail', async () => {
    const path = file(rec(1, 'stdout', 'F', 'done') + rec(2, 'stdout', 'P', 'half'));
    expect(lines(await read(path))).to.deep.equal(['stdout 01.123 done', 'stdout 02.123 half']);
    expect(lines(await read(path, { tail: 1 }))).to.deep.equal(['stdout 02.123 half']);
  });

  it('a record still being written (no newline yet) waits for the next read', async () => {
    const path = file(rec(1, 'stdout', 'F', 'whole') + `${at(2)} stdout F cut sh`);
    expect(lines(await read(path))).to.deep.equal(['stdout 01.123 whole']);
    expect(lines(await read(path, { tail: 1 }))).to.deep.equal(['stdout 01.123 whole']);
  });

  it('--since keeps the lines from that time on, after --tail as podman applies them', async () => {
    const path = file([1, 2, 3, 4].map((s) => rec(s, 'stdout', 'F', `s${s}`)).join(''));
    expect(lines(await read(path, { since: new Date('2026-12-04T01:00:03.000Z') }))).to.deep.equal(['stdout 03.123 s3', 'stdout 04.123 s4']);
    expect(lines(await read(path, { tail: 3, since: new Date('2026-12-04T01:00:03.500Z') }))).to.deep.equal(['stdout 04.123 s4']);
  });

  it('a line longer than MAX_LINE comes in parts of at most MAX_LINE, each with the line\'s time', async () => {
    const piece = 'z'.repeat(8192);
    const count = Math.ceil((2 * MAX_LINE + 100) / piece.length);
    let content = '';
    for (let i = 0; i < count - 1; i++) content += rec(1, 'stdout', 'P', piece);
    content += rec(2, 'stdout', 'F', piece) + rec(3, 'stdout', 'F', 'next');
    const got = await read(file(content));
    const parts = got.slice(0, -1);
    expect(parts.every((l) => l.line.length <= MAX_LINE && l.time?.toISOString() === '2026-12-04T01:00:01.123Z')).to.equal(true);
    expect(parts.map((l) => l.line).join('')).to.equal(piece.repeat(count));
    expect(got.at(-1)!.line).to.equal('next');
  });

  it('a line that never ends (pieces only, for megabytes) gives -n 1 its last parts, not the whole file', async () => {
    const piece = 'r'.repeat(8192);
    const count = Math.ceil((6 * MAX_LINE) / piece.length);
    const path = file(rec(1, 'stderr', 'F', 'before') + Array.from({ length: count }, () => rec(2, 'stdout', 'P', piece)).join(''));
    const got = await read(path, { tail: 1 });
    const text = got.map((l) => l.line).join('');
    expect(got.every((l) => l.stream === 'stdout' && l.line.length <= MAX_LINE)).to.equal(true);
    expect(text.length).to.be.within(MAX_LINE, 2 * MAX_LINE);
    expect(/^r+$/.test(text)).to.equal(true);
  });

  it('a file that is not a k8s-file log fails with NotK8sFileLog before any line (the caller asks podman)', async () => {
    for (const content of ['{"log":"json-file","stream":"stdout"}\n', 'plain text\nmore\n', 'x'.repeat(2 * 1024 * 1024)]) {
      const path = file(content);
      for (const query of [{}, { tail: 2 }]) {
        const error = await read(path, query).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, content.slice(0, 20)).to.be.instanceOf(NotK8sFileLog);
      }
    }
  });

  it('stops at the reader\'s signal', async () => {
    const path = file(Array.from({ length: 5000 }, (_, i) => rec(1, 'stdout', 'F', `line ${i}`)).join(''));
    const stop = new AbortController();
    const got: LogLine[] = [];
    for await (const batch of readK8sFileLog(path, { signal: stop.signal }, 1024)) {
      got.push(...batch);
      stop.abort();
    }
    expect(got.length).to.be.within(1, 100);
  });
});
