import { expect } from 'chai';
import type { ScheduleOptions, Scheduler } from '../../../src/application/agent/ports/scheduler.port';
import { MonitorLoop } from '../../../src/application/agent/monitor/monitor-loop.use-case';
import { MINUTE, makeSut } from './monitor-sut';

/** A scheduler that only remembers what it was asked; the test fires the job by hand. */
class ManualScheduler implements Scheduler {
  started?: { intervalMs: number; job: () => Promise<unknown>; options?: ScheduleOptions };
  stops = 0;
  start(intervalMs: number, job: () => Promise<unknown>, options?: ScheduleOptions): void {
    this.started = { intervalMs, job, ...(options ? { options } : {}) };
  }
  async stop(): Promise<void> {
    this.stops++;
  }
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

async function makeLoop() {
  const sut = makeSut();
  await sut.addService('svc', [{ name: 'api', recorded: 'running', actual: 'running' }]);
  const scheduler = new ManualScheduler();
  const loop = new MonitorLoop(sut.tick, scheduler, { monitor: { intervalMs: MINUTE } }, sut.logger);
  const held = gate();
  /** Holds every runtime.list() open until released. */
  const holdList = (): void => {
    sut.runtime.onCall = async (call) => {
      if (call === 'list') await held.wait;
    };
  };
  return { sut, scheduler, loop, holdList, release: held.open };
}

describe('MonitorLoop', () => {
  it('never waits for an alert command inside a tick, and stop() waits for its delivery', async () => {
    const delivery = gate();
    let delivered = false;
    const slowNotifier = {
      notify: async () => {
        await delivery.wait;
        delivered = true;
      },
    };
    const sut = makeSut({ notifier: slowNotifier });
    await sut.addService('svc', [{ name: 'api', recorded: 'running', actual: 'exited' }]);
    const loop = new MonitorLoop(sut.tick, new ManualScheduler(), { monitor: { intervalMs: MINUTE } }, sut.logger);

    const report = await loop.tickIfIdle();
    expect(report!.alerts.map((a) => a.type)).to.deep.equal(['drift']);
    expect(delivered).to.equal(false);

    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).to.equal(false);
    delivery.open();
    await stopping;
    expect(delivered).to.equal(true);
  });

  it('does not pile up: a tick due while one runs is skipped, not queued', async () => {
    const { sut, loop, holdList, release } = await makeLoop();
    holdList();

    const first = loop.tickIfIdle();
    const second = await loop.tickIfIdle();

    expect(second).to.equal(undefined);
    expect(loop.busy).to.equal(true);
    expect(loop.skipped).to.equal(1);
    release();
    const report = await first;
    expect(report?.ok).to.equal(true);
    expect(sut.runtime.callsOf('list')).to.have.length(1);
    expect(loop.busy).to.equal(false);

    await loop.tickIfIdle();
    expect(sut.runtime.callsOf('list'), 'idle again: the next tick runs').to.have.length(2);
  });

  it('starts the scheduler with the configured interval and a first tick right away', async () => {
    const { sut, scheduler, loop } = await makeLoop();

    loop.start();

    expect(scheduler.started?.intervalMs).to.equal(MINUTE);
    expect(scheduler.started?.options?.immediate).to.equal(true);
    await scheduler.started!.job();
    expect(sut.runtime.callsOf('list')).to.have.length(1);
  });

  it('stop waits for the tick in progress and runs no tick afterwards', async () => {
    const { sut, scheduler, loop, holdList, release } = await makeLoop();
    holdList();
    loop.start();
    const running = scheduler.started!.job();

    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped, 'tick still running').to.equal(false);

    release();
    await stopping;
    await running;
    expect(scheduler.stops).to.equal(1);
    expect(await loop.tickIfIdle()).to.equal(undefined);
    expect(sut.runtime.callsOf('list')).to.have.length(1);
  });

  it('logs a tick that throws and stays usable', async () => {
    const sut = makeSut();
    let calls = 0;
    const loop = new MonitorLoop(
      {
        run: async () => {
          calls++;
          throw new Error('boom');
        },
        settle: async () => undefined,
      },
      new ManualScheduler(),
      { monitor: { intervalMs: MINUTE } },
      sut.logger,
    );

    expect(await loop.tickIfIdle()).to.equal(undefined);
    await loop.tickIfIdle();

    expect(calls).to.equal(2);
    expect(sut.logger.messages('error')).to.include('monitor: tick failed: boom');
  });
});
