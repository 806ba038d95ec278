import { expect } from 'chai';
import type { Scheduler } from '../../../src/application/agent/ports/scheduler.port';
import { MonitorLoop } from '../../../src/application/agent/monitor/monitor-loop.use-case';
import { RecordingMetrics } from '../../fakes/recording-metrics';
import { MINUTE, makeSut } from './monitor-sut';

const idleScheduler: Scheduler = { start: () => undefined, stop: async () => undefined };

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

async function twoServices() {
  const metrics = new RecordingMetrics();
  const sut = makeSut({ metrics });
  await sut.addService('web', [{ name: 'api', recorded: 'running', actual: 'running' }]);
  await sut.addService('db', [{ name: 'db', recorded: 'running', actual: 'running' }]);
  const loop = new MonitorLoop(sut.tick, idleScheduler, { monitor: { intervalMs: MINUTE } }, sut.logger);
  return { sut, metrics, loop };
}

describe('event-driven monitor: a scoped pass', () => {
  it('records and alerts for the service owning the container, exactly as a tick would, and leaves the others alone', async () => {
    const { sut, metrics } = await twoServices();
    sut.setActual('web', 'api', 'exited');
    sut.setActual('db', 'db', 'exited');

    const report = await sut.tick.run(new Set(['web-api']));

    expect(report.transitions.map((t) => `${t.service}/${t.component} ${t.from}->${t.to}`)).to.deep.equal(['web/api running->exited']);
    expect(report.alerts.map((a) => `${a.type} ${a.service}`)).to.deep.equal(['drift web']);
    expect((await sut.observedOf('web', 'api')).observed).to.equal('exited');
    expect((await sut.observedOf('db', 'db')).observed, 'another service is the full tick\'s business').to.equal('running');
    expect(sut.notifier.alerts.map((a) => a.container)).to.deep.equal(['web-api']);
    expect(metrics.ticks.map((t) => t.kind)).to.deep.equal(['event']);
    expect(metrics.alerts).to.deep.equal(['drift']);
  });

  it('shares cooldowns with the full tick: a drift alerted by an event is not alerted again by the next tick', async () => {
    const { sut } = await twoServices();
    sut.setActual('web', 'api', 'exited');
    await sut.tick.run(new Set(['web-api']));
    const full = await sut.tick.run();
    expect(full.alerts).to.deep.equal([]);
    expect(sut.notifier.alerts).to.have.length(1);
  });

  it('does not prune (pruning is the full tick\'s job), and counts as a full tick without a scope', async () => {
    const { sut, metrics } = await twoServices();
    const scoped = await sut.tick.run(new Set(['web-api']));
    expect(scoped.pruned).to.equal(0);
    expect(sut.registry.calls.pruneEvents ?? 0).to.equal(0);
    await sut.tick.run();
    expect(metrics.ticks.map((t) => t.kind)).to.deep.equal(['event', 'full']);
  });

  it('a container that belongs to no service, or to a service under a mutation, changes nothing and costs no runtime listing', async () => {
    const { sut } = await twoServices();
    const report = await sut.tick.run(new Set(['stranger']));
    expect(report.components).to.equal(0);
    expect(report.transitions).to.deep.equal([]);
    sut.setActual('web', 'api', 'exited');
    await sut.lock.run('web', async () => {
      const during = await sut.tick.run(new Set(['web-api']));
      expect(during.transitions).to.deep.equal([]);
    });
    expect(sut.runtime.callsOf('list')).to.deep.equal([]);
    expect((await sut.tick.run(new Set(['web-api']))).transitions).to.have.length(1);
  });
});

describe('MonitorLoop.refresh / resync', () => {
  it('runs a refresh at once when idle', async () => {
    const { sut, loop } = await twoServices();
    sut.setActual('web', 'api', 'exited');
    await loop.refresh(['web-api']);
    expect((await sut.observedOf('web', 'api')).observed).to.equal('exited');
  });

  it('queues refreshes asked while a pass runs (never drops them) and merges them into one pass', async () => {
    const { sut, loop, metrics } = await twoServices();
    const held = gate();
    sut.runtime.onCall = async (call) => {
      if (call === 'list') await held.wait;
    };
    const first = loop.tickIfIdle();
    await new Promise((r) => setImmediate(r));
    sut.setActual('web', 'api', 'exited');
    sut.setActual('db', 'db', 'exited');
    const a = loop.refresh(['web-api']);
    const b = loop.refresh(['db']);
    held.open();
    await Promise.all([first, a, b]);
    expect(metrics.ticks.map((t) => t.kind)).to.deep.equal(['full', 'event']);
    expect((await sut.observedOf('web', 'api')).observed).to.equal('exited');
    expect((await sut.observedOf('db', 'db')).observed).to.equal('exited');
  });

  it('resync queues a full pass that covers every service', async () => {
    const { sut, loop, metrics } = await twoServices();
    sut.setActual('db', 'db', 'exited');
    await loop.resync();
    expect(metrics.ticks.map((t) => t.kind)).to.deep.equal(['full']);
    expect((await sut.observedOf('db', 'db')).observed).to.equal('exited');
  });

  it('after stop() no queued pass runs', async () => {
    const { loop, metrics } = await twoServices();
    await loop.stop();
    await loop.refresh(['web-api']);
    expect(metrics.ticks).to.deep.equal([]);
  });
});
