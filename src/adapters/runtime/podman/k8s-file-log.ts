import { constants, promises as fsp } from 'node:fs';
import type { LogLine, LogQuery, OutputStream } from '../../../application/agent/ports/container-logs.port';
import { MAX_LINE } from '../common/text-lines';
import { rfc3339Ms } from '../common/log-line';

/*
 * podman's `k8s-file` log driver (the CRI log format, the one kubelet reads
 * itself): conmon appends one record per read of the container's output,
 * `<RFC 3339 time> <stdout|stderr> <F|P> <text>\n`. F ends a line; P is a
 * piece of a longer one (conmon reads at most 8 KiB at a time), continued by
 * the stream's next record.
 */

const NL = 0x0a;
const F = 0x46;
const P = 0x50;
/** Bytes read at a time, either way through the file. */
const CHUNK = 64 * 1024;
/** Far above any record conmon writes (8 KiB of text): more without a newline is not this format. */
const MAX_RECORD = 1024 * 1024;

export interface K8sRecord {
  readonly ms: number;
  readonly stream: OutputStream;
  readonly partial: boolean;
  readonly text: string;
}

/** One record without its newline, or undefined when it is not one. */
export function parseK8sRecord(record: string): K8sRecord | undefined {
  const s1 = record.indexOf(' ');
  if (s1 < 0) return undefined;
  const ms = rfc3339Ms(record, s1);
  if (Number.isNaN(ms)) return undefined;
  let stream: OutputStream;
  if (record.startsWith('stdout ', s1 + 1)) stream = 'stdout';
  else if (record.startsWith('stderr ', s1 + 1)) stream = 'stderr';
  else return undefined;
  const tag = s1 + 8;
  const flag = record.charCodeAt(tag);
  if ((flag !== F && flag !== P) || (tag + 1 < record.length && record.charCodeAt(tag + 1) !== 0x20)) return undefined;
  return { ms, stream, partial: flag === P, text: record.slice(tag + 2) };
}

/** The stream and F/P mark of the record at `start` (bytes), or undefined when they are not where the format puts them. */
function headOf(bytes: Buffer, start: number, end: number): { stream: OutputStream; mark: number } | undefined {
  const s1 = bytes.indexOf(0x20, start);
  if (s1 < 0 || s1 + 8 >= end) return undefined;
  return { stream: bytes[s1 + 4] === 0x6f ? 'stdout' : 'stderr', mark: bytes[s1 + 8]! };
}

export class NotK8sFileLog extends Error {}

/** Where each stream's lines of a --tail begin (byte offsets): its records before that are not read. */
export type StreamStarts = Record<OutputStream, number>;

/**
 * Where the last `tail` lines begin, found reading backwards from `end` (just
 * after the last complete record). A line is counted at its last record: an
 * F, or the newest piece of a stream's line not ended yet (it is all there
 * is of that line so far). A stream's line may have begun in pieces before
 * the other stream's older lines: its start is then after its own F before
 * those pieces, and the other stream's records between are skipped.
 */
export async function tailStarts(file: fsp.FileHandle, end: number, tail: number, chunk = CHUNK): Promise<StreamStarts> {
  if (tail <= 0) return { stdout: end, stderr: end };
  // A line that never ends (a progress bar redrawn with "\r" for days) is given in parts of MAX_LINE
  // anyway: the scan counts no further back than the last `tail` such parts, with room for headers.
  const farthest = end - 2 * MAX_LINE * tail;
  const records = backwards(file, end, chunk);
  const seen: Record<OutputStream, boolean> = { stdout: false, stderr: false };
  let lines = 0;
  for await (const r of records) {
    if (r.end <= farthest) return { stdout: r.end, stderr: r.end };
    const endsLine = r.mark === F || !seen[r.stream];
    seen[r.stream] = true;
    if (!endsLine || ++lines <= tail) continue;
    const other: OutputStream = r.stream === 'stdout' ? 'stderr' : 'stdout';
    const starts: StreamStarts = { stdout: r.end, stderr: r.end };
    if (!seen[other]) return starts;
    starts[other] = 0;
    for await (const o of records) {
      if ((o.stream === other && o.mark === F) || r.end - o.end > 2 * MAX_LINE) {
        starts[other] = o.end;
        break;
      }
    }
    return starts;
  }
  return { stdout: 0, stderr: 0 };
}

interface RecordHead {
  readonly stream: OutputStream;
  readonly mark: number;
  /** Just after the record's newline. */
  readonly end: number;
}

/** The heads of the records before `end`, newest first, read `chunk` bytes at a time. */
async function* backwards(file: fsp.FileHandle, end: number, chunk: number): AsyncGenerator<RecordHead> {
  let hi = end;
  let bufStart = end;
  let buf = Buffer.alloc(0);
  while (hi > 0) {
    const searchFrom = hi - 2 - bufStart;
    const nl = searchFrom >= 0 ? buf.lastIndexOf(NL, searchFrom) : -1;
    if (nl < 0 && bufStart > 0) {
      if (hi - bufStart > MAX_RECORD) throw new NotK8sFileLog(`a record longer than ${MAX_RECORD} bytes`);
      const from = Math.max(0, bufStart - chunk);
      const more = Buffer.alloc(bufStart - from);
      await readFully(file, more, from);
      buf = Buffer.concat([more, buf.subarray(0, hi - bufStart)]);
      bufStart = from;
      continue;
    }
    const recStart = nl < 0 ? 0 : bufStart + nl + 1;
    const head = headOf(buf, recStart - bufStart, hi - bufStart);
    if (head === undefined || (head.mark !== F && head.mark !== P)) throw new NotK8sFileLog('not a k8s-file record');
    yield { ...head, end: hi };
    hi = recStart;
  }
}

async function readFully(file: fsp.FileHandle, into: Buffer, position: number): Promise<number> {
  let got = 0;
  while (got < into.length) {
    const { bytesRead } = await file.read(into, got, into.length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/** Just after the file's last newline at or before `size`: a record still being written is left for the next read. */
export async function lastRecordEnd(file: fsp.FileHandle, size: number, chunk = CHUNK): Promise<number> {
  let hi = size;
  while (hi > 0) {
    const from = Math.max(0, hi - chunk);
    const buf = Buffer.alloc(hi - from);
    const got = await readFully(file, buf, from);
    const nl = buf.subarray(0, got).lastIndexOf(NL);
    if (nl >= 0) return from + nl + 1;
    if (size - from > MAX_RECORD) throw new NotK8sFileLog(`a record longer than ${MAX_RECORD} bytes`);
    hi = from;
  }
  return 0;
}

/** Joins each stream's pieces into its lines, given out in parts of at most MAX_LINE as the pipe reader does. */
class LineAssembler {
  private readonly pending: Record<OutputStream, { ms: number; text: string } | undefined> = { stdout: undefined, stderr: undefined };

  constructor(private readonly sinceMs: number) {}

  add(r: K8sRecord, out: LogLine[]): void {
    let open = this.pending[r.stream];
    if (open !== undefined && open.text.length + r.text.length > MAX_LINE) {
      this.emit(r.stream, open.ms, open.text, out);
      open = { ms: open.ms, text: '' };
    }
    let text = open === undefined ? r.text : open.text + r.text;
    const ms = open?.ms ?? r.ms;
    while (text.length > MAX_LINE) {
      this.emit(r.stream, ms, text.slice(0, MAX_LINE), out);
      text = text.slice(MAX_LINE);
    }
    if (r.partial) {
      this.pending[r.stream] = { ms, text };
      return;
    }
    this.pending[r.stream] = undefined;
    this.emit(r.stream, ms, text.endsWith('\r') ? text.slice(0, -1) : text, out);
  }

  /** The pieces of lines the container has not ended yet: all there is of them. */
  flush(out: LogLine[]): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const open = this.pending[stream];
      if (open !== undefined && open.text !== '') this.emit(stream, open.ms, open.text, out);
      this.pending[stream] = undefined;
    }
  }

  private emit(stream: OutputStream, ms: number, line: string, out: LogLine[]): void {
    if (ms >= this.sinceMs) out.push({ stream, time: new Date(ms), line });
  }
}

/**
 * The lines of a k8s-file log as `podman logs --timestamps` gives them (the
 * last `tail`, then those from `since` on), in batches of one read each.
 * Reads up to where the file ended when it was opened. Fails with
 * NotK8sFileLog, before any line is given, when the file is not one.
 */
export async function* readK8sFileLog(path: string, query: Pick<LogQuery, 'tail' | 'since' | 'signal'>, chunk = CHUNK): AsyncGenerator<readonly LogLine[]> {
  const file = await fsp.open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const end = await lastRecordEnd(file, (await file.stat()).size, chunk);
    const starts = query.tail === undefined ? { stdout: 0, stderr: 0 } : await tailStarts(file, end, query.tail, chunk);
    // Up to `sorted`, records are read one by one to skip those before their stream's start; after it, a read at a time.
    const sorted = Math.max(starts.stdout, starts.stderr);
    let at = Math.min(starts.stdout, starts.stderr);
    const lines = new LineAssembler(query.since?.getTime() ?? -Infinity);
    let carry = Buffer.alloc(0);
    let checked = false;
    const take = (text: string, batch: LogLine[], offset: number): void => {
      const record = parseK8sRecord(text);
      if (record === undefined) {
        if (!checked) throw new NotK8sFileLog(`not a k8s-file record: ${JSON.stringify(text.slice(0, 80))}`);
        return;
      }
      checked = true;
      if (offset >= starts[record.stream]) lines.add(record, batch);
    };
    // One buffer for every read: what is given out is decoded text, and a 24 MB log read at disk speed
    // would otherwise leave its memory to the collector a chunk at a time.
    const read = Buffer.allocUnsafe(chunk);
    while (at < end && query.signal?.aborted !== true) {
      const got = await readFully(file, read.subarray(0, Math.min(chunk, end - at)), at);
      if (got === 0) break;
      const base = at - carry.length;
      at += got;
      const bytes = carry.length === 0 ? read.subarray(0, got) : Buffer.concat([carry, read.subarray(0, got)]);
      const cut = bytes.lastIndexOf(NL) + 1;
      carry = Buffer.from(bytes.subarray(cut));
      if (carry.length > MAX_RECORD) throw new NotK8sFileLog(`a record longer than ${MAX_RECORD} bytes`);
      const batch: LogLine[] = [];
      let i = 0;
      while (i < cut && base + i < sorted) {
        const nl = bytes.indexOf(NL, i);
        take(bytes.toString('utf8', i, nl), batch, base + i);
        i = nl + 1;
      }
      if (i < cut) for (const text of bytes.toString('utf8', i, cut - 1).split('\n')) take(text, batch, sorted);
      if (batch.length > 0) yield batch;
    }
    if (query.signal?.aborted === true) return;
    const rest: LogLine[] = [];
    lines.flush(rest);
    if (rest.length > 0) yield rest;
  } finally {
    await file.close();
  }
}
