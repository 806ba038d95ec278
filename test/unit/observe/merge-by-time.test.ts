import { expect } from 'chai';
import { MERGED_BATCH, mergeByTime } from '../../../src/application/agent/logs/merge-by-time';
import type { ServiceLogLine } from '../../../src/application/shared/results/log-line';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const line = (component: string, s: number | undefined, text: string): ServiceLogLine => ({ component, stream: 'stdout', line: text, ...(s !== undefined ? { time: at(s) } : {}) });

/** A component's log read in the given batches; records how far it was read and whether it was closed. */
function source(batches: ServiceLogLine[][], failAfter?: number) {
  const seen = { pulled: 0, closed: false };
  async function* read(): AsyncGenerator<readonly ServiceLogLine[]> {
    try {
      for (const b of batches) {
        if (failAfter !== undefined && seen.pulled === failAfter) throw new Error('engine gone');
        seen.pulled++;
        yield b;
      }
    } finally {
      seen.closed = true;
    }
  }
  return { it: read(), seen };
}

async function lines(it: AsyncIterable<readonly ServiceLogLine[]>): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of it) {
    expect(batch, 'a batch is never empty').to.not.be.empty;
    out.push(...batch.map((l) => l.line));
  }
  return out;
}

describe('mergeByTime: several components\' logs as one, in engine time', () => {
  it('merges by time across batch boundaries; equal times keep component order; an untimed line stays after the line before it', async () => {
    const a = source([[line('a', 1, 'a1'), line('a', undefined, 'a-untimed')], [line('a', 3, 'a3'), line('a', 5, 'a5')]]);
    const b = source([[line('b', undefined, 'b-first')], [line('b', 3, 'b3')], [line('b', 4, 'b4')]]);
    expect(await lines(mergeByTime([a.it, b.it]))).to.deep.equal(['b-first', 'a1', 'a-untimed', 'a3', 'b3', 'b4', 'a5']);
  });

  it("keeps each component's own order even where its clock went back", async () => {
    const a = source([[line('a', 2, 'a2'), line('a', 6, 'a6')]]);
    const b = source([[line('b', 5, 'b5'), line('b', 1, 'b1-late')]]);
    expect(await lines(mergeByTime([a.it, b.it]))).to.deep.equal(['a2', 'b5', 'b1-late', 'a6']);
  });

  it('holds one batch per component, not the whole log: the first merged batch comes before the sources are read through', async () => {
    const many = (c: string, from: number) => Array.from({ length: 50 }, (_, i) => Array.from({ length: 100 }, (_, j) => line(c, from + i * 100 + j, `${c}${i}-${j}`)));
    const a = source(many('a', 0));
    const b = source(many('b', 0));
    const merged = mergeByTime([a.it, b.it]);
    const first = await merged.next();
    expect((first.value as readonly ServiceLogLine[]).length).to.equal(MERGED_BATCH);
    expect(a.seen.pulled + b.seen.pulled).to.be.below(20);
    await merged.return(undefined);
    expect([a.seen.closed, b.seen.closed]).to.deep.equal([true, true]);
  });

  it("a component whose read fails fails the merge, and the other components' reads are closed", async () => {
    const a = source([[line('a', 1, 'a1')], [line('a', 9, 'a9')]]);
    const b = source([[line('b', 2, 'b2')], [line('b', 3, 'b3')]], 1);
    const error = await lines(mergeByTime([a.it, b.it])).then(() => undefined, (e: Error) => e);
    expect(error?.message).to.equal('engine gone');
    expect(a.seen.closed).to.equal(true);
  });
});
