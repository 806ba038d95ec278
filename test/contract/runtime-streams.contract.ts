import { expect } from 'chai';
import type { LogLine, LogQuery } from '../../src/application/agent/ports/container-logs.port';
import type { RuntimeEvent } from '../../src/application/agent/ports/runtime-events.port';
import { DomainError, ErrorCode } from '../../src/domain/errors/domain-error';
import { LABEL_SERVICE } from '../../src/domain/service/container-spec';
import { rejection } from '../support/rejection';
import { spec } from './contract-spec';
import type { RuntimeUnderTest, ScriptStep } from './runtime-under-test';

/** Commands the exec tests run; the FakeRuntime's harness scripts the same answers. */
export const EXEC_CASES = {
  ok: { argv: ['sh', '-c', 'echo hello'], exitCode: 0, output: 'hello\n' },
  failing: { argv: ['sh', '-c', 'echo to-out; echo to-err >&2; exit 3'], exitCode: 3, output: 'to-out\nto-err\n' },
  chatty: { argv: ['sh', '-c', 'yes abcdefghijklmnopqrstuvwxyz | head -c 200000'], exitCode: 0, output: 'abcdefghijklmnopqrstuvwxyz\n'.repeat(7693).slice(0, 200_000) },
  hanging: { argv: ['sleep', '30'] },
} as const;

const IDLE = "trap 'exit 0' TERM; ";
const IDLE_LOOP = 'while :; do sleep 1; done';

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The shell script a real engine's container runs for these steps. */
export function scriptCommand(steps: readonly ScriptStep[]): string[] {
  const parts = steps.map((s) => ('out' in s ? `echo ${quote(s.out)}` : 'err' in s ? `echo ${quote(s.err)} >&2` : `sleep ${s.sleepSeconds}`));
  return ['/bin/sh', '-c', `${IDLE}${[...parts, IDLE_LOOP].join('; ')}`];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every line of every batch; a batch is never empty. */
async function collect(batches: AsyncIterable<readonly LogLine[]>): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const batch of batches) {
    expect(batch).to.not.be.empty;
    out.push(...batch);
  }
  return out;
}

/** Polls until `check` holds, failing with `what` after `ms`. */
async function eventually<T>(what: string, probe: () => Promise<T>, check: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (check(v)) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms (last: ${JSON.stringify(v)})`);
    await sleep(200);
  }
}

/** A connection closes a moment after its request is destroyed: give it one second, no more. */
async function noStreamLeft(t: RuntimeUnderTest, kind: 'logs' | 'events'): Promise<void> {
  await eventually(`no ${kind} stream left open`, async () => t.openStreams(kind), (n) => n === 0, 1000);
}

/** Reads an event stream in the background, keeping everything it sees and how it ended. */
function watchEvents(t: RuntimeUnderTest): { seen: RuntimeEvent[]; ended: Promise<unknown>; abort: AbortController } {
  const abort = new AbortController();
  const seen: RuntimeEvent[] = [];
  const ended = (async () => {
    for await (const e of t.events.follow(abort.signal)) seen.push(e);
    return 'ended';
  })().catch((e: unknown) => e);
  return { seen, ended, abort };
}

/** Ends within `ms` or fails: a stream that ignores its abort signal must not hang the suite. */
async function within<T>(what: string, p: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The logs, exec and event-stream ports, for every engine the runtime
 * contract runs on. Called inside its describe, after the image is pulled.
 */
export function runtimeStreamsContract(get: () => RuntimeUnderTest): void {
  const runScript = async (name: string, steps: readonly ScriptStep[]): Promise<void> => {
    const t = get();
    if (t.runScript) await t.runScript(name, steps);
    else await t.runtime.run(spec(name, t.pullableImage, { cmd: scriptCommand(steps) }));
  };
  const logsOf = (name: string, query: Omit<LogQuery, 'follow'> = {}): Promise<LogLine[]> => collect(get().logs.logs(name, { ...query, follow: false }));
  const texts = (lines: readonly LogLine[]): string[] => lines.map((l) => l.line);

  describe('logs', () => {
    it('keeps stdout and stderr apart, each line with its time', async () => {
      const t = get();
      const name = t.name('logstreams');
      await runScript(name, [{ out: 'to stdout' }, { err: 'to stderr' }]);
      const lines = await eventually('both lines', () => logsOf(name), (l) => l.length >= 2);
      expect(lines.map((l) => [l.stream, l.line])).to.have.deep.members([
        ['stdout', 'to stdout'],
        ['stderr', 'to stderr'],
      ]);
      for (const l of lines) expect(l.time).to.be.instanceOf(Date);
    });

    it('gives only the last N lines with tail, and only newer lines with since', async () => {
      const t = get();
      const name = t.name('logtail');
      await runScript(name, [{ out: 'one' }, { out: 'two' }, { out: 'three' }, { sleepSeconds: 2 }, { out: 'four' }]);
      const all = await eventually('four lines', () => logsOf(name), (l) => l.length >= 4);
      expect(texts(all)).to.deep.equal(['one', 'two', 'three', 'four']);
      expect(texts(await logsOf(name, { tail: 2 }))).to.deep.equal(['three', 'four']);
      // Halfway through the two-second pause: before "four", after "three".
      const since = new Date((all[2]!.time!.getTime() + all[3]!.time!.getTime()) / 2);
      expect(texts(await logsOf(name, { since }))).to.deep.equal(['four']);
    });

    it('follows: a line written later arrives; aborting ends the iteration and leaves no stream open', async () => {
      const t = get();
      const name = t.name('logfollow');
      await runScript(name, [{ out: 'first' }, { sleepSeconds: 2 }, { out: 'later' }]);
      const abort = new AbortController();
      const seen: string[] = [];
      const done = (async () => {
        for await (const batch of t.logs.logs(name, { follow: true, signal: abort.signal })) {
          for (const l of batch) seen.push(l.line);
          if (seen.includes('later')) abort.abort();
        }
      })();
      await within('seeing "later" and ending on abort', done, 30_000);
      expect(seen).to.deep.equal(['first', 'later']);
      await noStreamLeft(t, 'logs');
    });

    it('ends a follow of a silent container when aborted, with nothing left behind', async () => {
      const t = get();
      const name = t.name('logquiet');
      await runScript(name, []);
      const abort = new AbortController();
      const done = collect(t.logs.logs(name, { follow: true, signal: abort.signal }));
      await eventually('the stream to open', async () => t.openStreams('logs'), (n) => n === 1, 10_000);
      abort.abort();
      expect(await within('the end of the follow', done)).to.deep.equal([]);
      await noStreamLeft(t, 'logs');
    });

    it('fails with CONTAINER_NOT_FOUND for an absent container', async () => {
      const t = get();
      const e = await rejection(logsOf(t.name('nologs')));
      expect(e.code).to.equal(ErrorCode.ContainerNotFound);
    });
  });

  describe('exec', () => {
    let name: string;
    before(async () => {
      name = get().name('exec');
      await get().runtime.run(spec(name, get().pullableImage));
    });

    it('runs a command: exit code 0 and its output', async () => {
      const r = await get().exec.exec(name, EXEC_CASES.ok.argv, { timeoutMs: 20_000 });
      expect(r).to.deep.equal({ exitCode: EXEC_CASES.ok.exitCode, output: EXEC_CASES.ok.output });
    });

    it('a command that fails is a result with its exit code and both output streams', async () => {
      const r = await get().exec.exec(name, EXEC_CASES.failing.argv, { timeoutMs: 20_000 });
      expect(r.exitCode).to.equal(3);
      expect(r.output).to.contain('to-out\n').and.contain('to-err\n');
    });

    it('keeps at most the first 64 KiB of output', async () => {
      const r = await get().exec.exec(name, EXEC_CASES.chatty.argv, { timeoutMs: 20_000 });
      expect(r.exitCode).to.equal(0);
      expect(r.output).to.equal(EXEC_CASES.chatty.output.slice(0, 64 * 1024));
    });

    it('a command still running at the time limit is RUNTIME_FAILED naming the timeout, soon after it', async () => {
      const started = Date.now();
      const e = await rejection(get().exec.exec(name, EXEC_CASES.hanging.argv, { timeoutMs: 1000 }));
      expect(e.code).to.equal(ErrorCode.RuntimeFailed);
      expect(e.message).to.match(/timeout/);
      expect(Date.now() - started).to.be.lessThan(10_000);
    });

    it('fails with CONTAINER_NOT_FOUND for an absent container', async () => {
      const e = await rejection(get().exec.exec(get().name('noexec'), EXEC_CASES.ok.argv, { timeoutMs: 20_000 }));
      expect(e.code).to.equal(ErrorCode.ContainerNotFound);
    });
  });

  describe('events', () => {
    /** Runs probe containers until the stream shows one: from then on it sees everything. */
    async function ready(t: RuntimeUnderTest, seen: readonly RuntimeEvent[]): Promise<void> {
      for (let i = 0; i < 20; i++) {
        const probe = t.name('probe');
        await t.runtime.run(spec(probe, t.pullableImage));
        const until = Date.now() + 1500;
        while (Date.now() < until) {
          if (seen.some((e) => e.container === probe)) return;
          await sleep(100);
        }
      }
      throw new Error('the event stream never showed a container run after it was opened');
    }

    it('shows start, stop (as die), and remove of a container with its name and labels; aborting ends it', async () => {
      const t = get();
      const w = watchEvents(t);
      try {
        await ready(t, w.seen);
        const name = t.name('events');
        await t.runtime.run(spec(name, t.pullableImage));
        await t.runtime.stop(name);
        await t.runtime.start(name);
        await t.runtime.remove(name);
        const mine = await eventually(
          'the remove event',
          async () => w.seen.filter((e) => e.container === name),
          (es) => es.some((e) => e.action === 'remove'),
        );
        const actions = mine.map((e) => e.action);
        // podman 4.3 reports `podman stop` as "died" only; dockerd says die then stop.
        expect(actions).to.include.members(['start', 'die', 'remove']);
        expect(actions.indexOf('start')).to.be.lessThan(actions.indexOf('die'));
        expect(actions.lastIndexOf('start')).to.be.greaterThan(actions.indexOf('die'));
        for (const e of mine) {
          expect(e.labels).to.include({ [LABEL_SERVICE]: name });
          expect(e.time).to.be.instanceOf(Date);
        }
      } finally {
        w.abort.abort();
      }
      expect(await within('the end of the event stream', w.ended)).to.equal('ended');
      await noStreamLeft(t, 'events');
    });

    it('throws a DomainError when the stream breaks under it', async () => {
      const t = get();
      const w = watchEvents(t);
      try {
        await ready(t, w.seen);
        await t.breakEvents();
        const end = await within('the broken stream to end', w.ended);
        expect(end).to.be.instanceOf(DomainError);
        expect((end as DomainError).code).to.be.oneOf([ErrorCode.RuntimeUnavailable, ErrorCode.RuntimeFailed]);
      } finally {
        w.abort.abort();
      }
      await noStreamLeft(t, 'events');
    });
  });
}
