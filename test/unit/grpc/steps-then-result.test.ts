import { expect } from 'chai';
import { stepsThenResult } from '../../../src/adapters/grpc/server/steps-then-result';

/** A job the test drives by hand: steps when told, settles when told. */
function manualJob() {
  let onStep: ((s: string) => void) | undefined;
  let settle: ((r: string) => void) | undefined;
  let fail: ((e: Error) => void) | undefined;
  let finished = false;
  const job = (step: (s: string) => void) => {
    onStep = step;
    return new Promise<string>((resolve, reject) => {
      settle = (r) => {
        finished = true;
        resolve(r);
      };
      fail = reject;
    });
  };
  return { job, step: (s: string) => onStep!(s), settle: (r: string) => settle!(r), fail: (e: Error) => fail!(e), finished: () => finished };
}

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('stepsThenResult: a callback-driven job as a stream', () => {
  it('yields every step as it happens, then the result', async () => {
    const j = manualJob();
    const reading = collect(stepsThenResult(j.job, (s) => `step ${s}`, (r) => `result ${r}`));
    j.step('a');
    await Promise.resolve();
    j.step('b');
    j.settle('ok');
    expect(await reading).to.deep.equal(['step a', 'step b', 'result ok']);
  });

  it("ends with the job's error after its steps", async () => {
    const j = manualJob();
    const out: string[] = [];
    const reading = (async () => {
      for await (const x of stepsThenResult(j.job, (s) => s, (r) => r)) out.push(x);
    })();
    j.step('pulling');
    j.fail(new Error('pull failed'));
    const error = await reading.then(() => undefined, (e: Error) => e);
    expect([out, error?.message]).to.deep.equal([['pulling'], 'pull failed']);
  });

  it('a reader gone while the job is quiet ends the stream at once; the job itself runs on to its end', async () => {
    const j = manualJob();
    const controller = new AbortController();
    const reading = collect(stepsThenResult(j.job, (s) => s, (r) => r, controller.signal));
    j.step('waiting');
    await new Promise((r) => setImmediate(r));
    controller.abort();
    // Resolves without the job having settled: nothing else would wake it.
    expect(await reading).to.deep.equal(['waiting']);
    expect(j.finished()).to.equal(false);
    j.step('healthy');
    j.settle('deployed');
    expect(j.finished()).to.equal(true);
  });
});
