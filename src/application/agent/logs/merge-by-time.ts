import type { ServiceLogLine } from '../../shared/results/log-line';

/** Lines sent at a time once merged: about what one read of an engine's pipe gives. */
export const MERGED_BATCH = 1000;

/** One component's log as it is read: the batch in hand and where in it. */
interface Cursor {
  readonly source: AsyncIterator<readonly ServiceLogLine[]>;
  batch: readonly ServiceLogLine[];
  next: number;
  /** The time of the last timed line taken from it: an untimed line sorts there, right after it. */
  last: number;
  done: boolean;
}

async function fill(c: Cursor): Promise<void> {
  while (!c.done && c.next >= c.batch.length) {
    const r = await c.source.next();
    if (r.done === true) c.done = true;
    else {
      c.batch = r.value;
      c.next = 0;
    }
  }
}

function keyOf(c: Cursor): number {
  return c.batch[c.next]!.time?.getTime() ?? c.last;
}

/**
 * Several components' logs as one, in the order the engine recorded the
 * lines: each component's log is already in that order, so a k-way merge
 * holds one batch per component, never the whole log (a full read of a
 * busy service is tens of megabytes). Equal times keep component order; a
 * line without a time keeps its place after the line before it. When the
 * reader stops early, or a source fails, every source is closed.
 */
export async function* mergeByTime(sources: readonly AsyncIterable<readonly ServiceLogLine[]>[]): AsyncGenerator<readonly ServiceLogLine[]> {
  const cursors: Cursor[] = sources.map((s) => ({ source: s[Symbol.asyncIterator](), batch: [], next: 0, last: Number.NEGATIVE_INFINITY, done: false }));
  try {
    await Promise.all(cursors.map(fill));
    let out: ServiceLogLine[] = [];
    for (;;) {
      let pick: Cursor | undefined;
      for (const c of cursors) if (!c.done && (pick === undefined || keyOf(c) < keyOf(pick))) pick = c;
      if (pick === undefined) break;
      const line = pick.batch[pick.next++]!;
      pick.last = line.time?.getTime() ?? pick.last;
      out.push(line);
      if (out.length >= MERGED_BATCH) {
        yield out;
        out = [];
      }
      // An await only at the end of a batch, not per line.
      if (pick.next >= pick.batch.length) await fill(pick);
    }
    if (out.length > 0) yield out;
  } finally {
    await Promise.allSettled(cursors.filter((c) => !c.done).map((c) => c.source.return?.()));
  }
}
