import { expect } from 'chai';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { IntervalScheduler } from '../../../src/adapters/scheduler/interval/interval-scheduler.adapter';
import { MemoryLogger } from '../../fakes/memory-logger';

const GENEROUS_MS = 5_000;

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + GENEROUS_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('IntervalScheduler (real timers)', () => {
  let scheduler: IntervalScheduler;
  let logger: MemoryLogger;
  beforeEach(() => {
    logger = new MemoryLogger();
    scheduler = new IntervalScheduler(logger);
  });
  afterEach(() => scheduler.stop());

  it('runs the job again and again, and not after stop', async () => {
    let runs = 0;
    scheduler.start(20, async () => {
      runs++;
    });

    await until(() => runs >= 3, 'three runs');
    await scheduler.stop();
    const atStop = runs;
    await pause(100);

    expect(runs).to.equal(atStop);
  });

  it('never runs two jobs at once, even when a run outlasts the interval', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    scheduler.start(5, async () => {
      running++;
      most = Math.max(most, running);
      await pause(30);
      running--;
      runs++;
    });

    await until(() => runs >= 3, 'three slow runs');

    expect(most).to.equal(1);
  });

  it('stop waits for the run in progress', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    let finished = 0;
    scheduler.start(20, async () => {
      started++;
      await held;
      finished++;
    });
    await until(() => started === 1, 'the first run to start');

    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await pause(50);
    expect(stopped, 'stop returned while the run was still going').to.equal(false);

    release();
    await stopping;
    expect(finished).to.equal(1);
    await pause(60);
    expect(started, 'no run after stop').to.equal(1);
  });

  it('logs a failing run and keeps the schedule', async () => {
    let runs = 0;
    scheduler.start(10, async () => {
      runs++;
      throw new Error('tick exploded');
    });

    await until(() => runs >= 2, 'a second run after a failure');

    expect(logger.messages('error')[0]).to.contain('tick exploded');
  });

  it('runs at once with immediate, and otherwise waits for the first interval', async () => {
    let immediateRuns = 0;
    scheduler.start(
      60_000,
      async () => {
        immediateRuns++;
      },
      { immediate: true },
    );
    await until(() => immediateRuns === 1, 'the immediate run');
    await scheduler.stop();

    let delayedRuns = 0;
    scheduler.start(60_000, async () => {
      delayedRuns++;
    });
    await pause(100);
    expect(delayedRuns).to.equal(0);
  });

  it('refuses a bad interval and a second start', () => {
    expect(() => scheduler.start(0, async () => undefined)).to.throw(/interval must be between 1 ms/);
    expect(() => scheduler.start(2 ** 31, async () => undefined)).to.throw(/interval must be between 1 ms/);
    scheduler.start(1_000, async () => undefined);
    expect(() => scheduler.start(1_000, async () => undefined)).to.throw(/already started/);
  });

  describe('process lifetime', () => {
    const adapter = path.join(__dirname, '../../../src/adapters/scheduler/interval/interval-scheduler.adapter.js');
    const script = (keepAlive: boolean): string =>
      `const { IntervalScheduler } = require(${JSON.stringify(adapter)});` +
      `new IntervalScheduler(console).start(60000, async () => {}, { keepAlive: ${keepAlive} });`;

    it('does not keep the process alive by default', async () => {
      const child = spawn(process.execPath, ['-e', script(false)], { stdio: 'ignore' });
      const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const guard = setTimeout(() => child.kill('SIGKILL'), GENEROUS_MS);
      const code = await exit;
      clearTimeout(guard);
      expect(code, 'the process had to be killed: the timer held it').to.equal(0);
    });

    it('keeps the process alive when told to', async () => {
      const child = spawn(process.execPath, ['-e', script(true)], { stdio: 'ignore' });
      let exited = false;
      const gone = new Promise<void>((resolve) =>
        child.on('exit', () => {
          exited = true;
          resolve();
        }),
      );
      try {
        await pause(1_000);
        expect(exited).to.equal(false);
      } finally {
        child.kill('SIGKILL');
        await gone;
      }
    });
  });
});
