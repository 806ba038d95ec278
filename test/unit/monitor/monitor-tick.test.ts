import { isTransition } from '../../../src/domain/events/transition-event';
import { expect } from 'chai';
import type { Notifier } from '../../../src/application/agent/ports/notifier.port';
import type { Alert } from '../../../src/domain/monitor/alert';
import { DAY, MINUTE, makeSut } from './monitor-sut';

describe('MonitorTick', () => {
  describe('observing', () => {
    it('records a transition event (from, to, time) and the new observed state for every change', async () => {
      const sut = makeSut();
      await sut.addService('metacrypt', [
        { name: 'api', recorded: 'running', actual: 'exited' },
        { name: 'web', recorded: 'running', actual: 'running' },
        { name: 'db', recorded: 'running' /* no container */ },
      ]);
      const now = sut.clock.now();

      const report = await sut.tick.run();

      expect(report.ok).to.equal(true);
      expect(report.components).to.equal(3);
      const events = (await sut.registry.listEvents({ service: 'metacrypt' })).filter(isTransition);
      expect(events.map((e) => [e.component, e.from, e.to, e.at.toISOString()]).sort()).to.deep.equal([
        ['api', 'running', 'exited', now.toISOString()],
        ['db', 'running', 'removed', now.toISOString()],
      ]);
      expect(report.transitions).to.have.length(2);
      expect((await sut.observedOf('metacrypt', 'api')).observed).to.equal('exited');
      expect((await sut.observedOf('metacrypt', 'db')).observed).to.equal('removed');
      const web = await sut.observedOf('metacrypt', 'web');
      expect(web.observed).to.equal('running');
      expect(web.observedAt?.toISOString()).to.equal(now.toISOString());
    });

    it('stores the new observed state before its transition events: a follower that reads the view on an event sees the change', async () => {
      const sut = makeSut();
      await sut.addService('svc', [{ name: 'api', recorded: 'running', actual: 'exited' }]);
      const add = sut.registry.addEvents.bind(sut.registry);
      const observedWhenRecorded: string[] = [];
      sut.registry.addEvents = async (events) => {
        observedWhenRecorded.push((await sut.registry.getService('svc'))?.components[0]?.observed ?? 'none');
        return add(events);
      };

      await sut.tick.run();

      expect(observedWhenRecorded).to.deep.equal(['exited']);
    });

    it('records nothing new when nothing changed since the last tick', async () => {
      const sut = makeSut();
      await sut.addService('metacrypt', [{ name: 'api', recorded: 'running', actual: 'exited' }]);
      await sut.tick.run();
      sut.clock.advance(MINUTE);

      const report = await sut.tick.run();

      expect(report.transitions).to.deep.equal([]);
      expect(await sut.registry.listEvents({ service: 'metacrypt' })).to.have.length(1);
    });

    it('asks the runtime exactly once per tick, with one registry write of each kind, for 100 components', async () => {
      const sut = makeSut();
      for (let s = 0; s < 10; s++) {
        await sut.addService(
          `svc${s}`,
          Array.from({ length: 10 }, (_, c) => ({ name: `c${c}`, recorded: 'running' as const, actual: c % 2 === 0 ? ('exited' as const) : ('running' as const) })),
        );
      }

      const report = await sut.tick.run();

      expect(report.components).to.equal(100);
      expect(report.transitions).to.have.length(50);
      expect(sut.runtime.calls).to.deep.equal(['list']);
      expect(sut.registry.calls.addEvents).to.equal(1);
      expect(sut.registry.calls.updateObserved).to.equal(1);
      expect(sut.registry.calls.listServices).to.equal(1);
    });

    it('queries no event counts on a tick where nothing changed', async () => {
      const sut = makeSut();
      await sut.addService('svc', [
        { name: 'a', recorded: 'running', actual: 'exited' },
        { name: 'b', recorded: 'running', actual: 'running' },
      ]);
      await sut.tick.run();
      const before = sut.registry.calls.countEvents ?? 0;
      sut.clock.advance(MINUTE);

      await sut.tick.run();

      expect(sut.registry.calls.countEvents ?? 0).to.equal(before);
      expect(sut.registry.calls.addEvents).to.equal(1);
    });
  });

  describe('services under a mutation', () => {
    it('leaves a service whose lock is held out of the tick (mid-deploy is no drift)', async () => {
      const sut = makeSut();
      await sut.addService('deploying', [{ name: 'api', desired: 'running', recorded: 'running', actual: undefined }]);
      await sut.addService('broken', [{ name: 'api', desired: 'running', recorded: 'running', actual: 'exited' }]);
      let release!: () => void;
      const held = sut.lock.run('deploying', () => new Promise<void>((r) => (release = r)));

      const report = await sut.tick.run();

      expect(sut.notifier.alerts.map((a) => a.service)).to.deep.equal(['broken']);
      expect(report.transitions.map((t) => t.service)).to.deep.equal(['broken']);
      expect((await sut.observedOf('deploying', 'api')).observed).to.equal('running');
      release();
      await held;
      await sut.tick.run();
      expect(sut.notifier.alerts.map((a) => a.service)).to.deep.equal(['broken', 'deploying']);
    });

    it('also leaves out a service whose mutation began while the node was being listed', async () => {
      const sut = makeSut();
      await sut.addService('late', [{ name: 'api', desired: 'running', recorded: 'running', actual: undefined }]);
      let release!: () => void;
      let held: Promise<void> | undefined;
      sut.runtime.onCall = async () => {
        held = sut.lock.run('late', () => new Promise<void>((r) => (release = r)));
      };
      await sut.tick.run();
      expect(sut.notifier.alerts).to.deep.equal([]);
      release();
      await held;
    });
  });

  describe('drift alerts', () => {
    it('alerts on drift with every field filled in', async () => {
      const sut = makeSut();
      await sut.addService('metacrypt', [{ name: 'api', desired: 'running', recorded: 'running', actual: 'exited' }]);
      await sut.addService('mc-proxy', [{ name: 'mc-proxy', desired: 'stopped', recorded: 'exited', actual: 'running' }]);

      const report = await sut.tick.run();

      const drift = sut.notifier.ofType('drift');
      expect(drift).to.have.length(2);
      const api = drift.find((a) => a.service === 'metacrypt')!;
      expect(api).to.deep.include({
        type: 'drift',
        node: 'rift',
        service: 'metacrypt',
        component: 'api',
        container: 'metacrypt-api',
        desired: 'running',
        observed: 'exited',
        transitions: 1,
      });
      expect(api.message).to.equal('metacrypt/api (container metacrypt-api) on rift should be running but is exited');
      const proxy = drift.find((a) => a.service === 'mc-proxy')!;
      expect(proxy.container).to.equal('mc-proxy');
      expect(proxy.desired).to.equal('stopped');
      expect(proxy.observed).to.equal('running');
      expect(report.alerts).to.have.length(2);
    });

    it('does not alert when desired and observed agree', async () => {
      const sut = makeSut();
      await sut.addService('svc', [
        { name: 'up', desired: 'running', recorded: 'running', actual: 'running' },
        { name: 'down', desired: 'stopped', recorded: 'running', actual: 'exited' },
        { name: 'gone', desired: 'stopped', recorded: 'exited' },
      ]);

      await sut.tick.run();

      expect(sut.notifier.alerts).to.deep.equal([]);
    });

    it('alerts at most once per cooldown for a drift that persists, and again once the cooldown is over', async () => {
      const sut = makeSut({ monitor: { cooldownMs: 15 * MINUTE } });
      await sut.addService('svc', [{ name: 'api', recorded: 'running', actual: 'exited' }]);

      await sut.tick.run();
      expect(sut.notifier.ofType('drift')).to.have.length(1);

      for (let i = 0; i < 14; i++) {
        sut.clock.advance(MINUTE);
        await sut.tick.run();
      }
      sut.clock.advance(MINUTE - 1);
      await sut.tick.run();
      expect(sut.notifier.ofType('drift'), 'within the cooldown').to.have.length(1);

      sut.clock.advance(1);
      await sut.tick.run();
      expect(sut.notifier.ofType('drift'), 'cooldown over').to.have.length(2);
    });

    it('keeps the cooldown per component', async () => {
      const sut = makeSut();
      await sut.addService('svc', [
        { name: 'a', recorded: 'running', actual: 'exited' },
        { name: 'b', recorded: 'running', actual: 'running' },
      ]);
      await sut.tick.run();
      sut.clock.advance(MINUTE);
      sut.setActual('svc', 'b', 'exited');

      await sut.tick.run();

      expect(sut.notifier.ofType('drift').map((a) => a.component)).to.deep.equal(['a', 'b']);
    });
  });

  describe('recovery (documented rule: recovery does not reset the drift cooldown)', () => {
    it('sends nothing when the drift resolves', async () => {
      const sut = makeSut();
      await sut.addService('svc', [{ name: 'api', recorded: 'running', actual: 'exited' }]);
      await sut.tick.run();
      sut.clock.advance(MINUTE);
      sut.setActual('svc', 'api', 'running');

      const report = await sut.tick.run();

      expect(report.alerts).to.deep.equal([]);
      expect(sut.notifier.alerts).to.have.length(1);
    });

    it('a new drift inside the cooldown is not alerted at once, but is alerted on the first tick past the cooldown if it lasts', async () => {
      const sut = makeSut({ monitor: { cooldownMs: 15 * MINUTE } });
      await sut.addService('svc', [{ name: 'api', recorded: 'running', actual: 'exited' }]);
      await sut.tick.run(); // t=0: drift, alert 1
      sut.clock.advance(MINUTE);
      sut.setActual('svc', 'api', 'running');
      await sut.tick.run(); // t=1m: recovered
      sut.clock.advance(4 * MINUTE);
      sut.setActual('svc', 'api', 'exited');
      await sut.tick.run(); // t=5m: drift again, inside the cooldown
      expect(sut.notifier.ofType('drift')).to.have.length(1);

      sut.clock.advance(10 * MINUTE);
      await sut.tick.run(); // t=15m: still drifting, cooldown over

      expect(sut.notifier.ofType('drift')).to.have.length(2);
    });

    it('a new drift after a quiet cooldown alerts at once', async () => {
      const sut = makeSut({ monitor: { cooldownMs: 15 * MINUTE } });
      await sut.addService('svc', [{ name: 'api', recorded: 'running', actual: 'exited' }]);
      await sut.tick.run();
      sut.clock.advance(MINUTE);
      sut.setActual('svc', 'api', 'running');
      await sut.tick.run();
      sut.clock.advance(20 * MINUTE);
      sut.setActual('svc', 'api', undefined);

      const report = await sut.tick.run();

      expect(report.alerts.map((a) => [a.type, a.observed])).to.deep.equal([['drift', 'removed']]);
    });
  });

  describe('flap alerts', () => {
    /** Toggles the container each minute, so each tick records one transition. */
    async function flip(sut: ReturnType<typeof makeSut>, times: number): Promise<void> {
      for (let i = 0; i < times; i++) {
        sut.clock.advance(MINUTE);
        const current = (await sut.observedOf('svc', 'api')).observed;
        sut.setActual('svc', 'api', current === 'running' ? 'exited' : 'running');
        await sut.tick.run();
      }
    }

    it('does not alert at exactly the threshold, alerts above it', async () => {
      const sut = makeSut({ monitor: { flapThreshold: 3, flapWindowMs: 10 * MINUTE } });
      await sut.addService('svc', [{ name: 'api', recorded: 'running', actual: 'running' }]);

      await flip(sut, 3);
      expect(sut.notifier.ofType('flap'), 'three transitions = threshold').to.deep.equal([]);

      await flip(sut, 1);
      const flap = sut.notifier.ofType('flap');
      expect(flap).to.have.length(1);
      expect(flap[0]).to.deep.include({ type: 'flap', node: 'rift', service: 'svc', component: 'api', container: 'svc-api', desired: 'running', transitions: 4 });
      expect(flap[0]!.message).to.equal('svc/api (container svc-api) on rift changed state 4 times in 10m (more than 3); now running');
    });

    it('counts only the transitions inside the window', async () => {
      const sut = makeSut({ monitor: { flapThreshold: 3, flapWindowMs: 10 * MINUTE } });
      await sut.addService('svc', [{ name: 'api', recorded: 'running', actual: 'running' }]);
      await flip(sut, 2);
      sut.clock.advance(20 * MINUTE);

      await flip(sut, 3);

      expect(sut.notifier.ofType('flap')).to.deep.equal([]);
    });

    it('respects its own cooldown per component', async () => {
      const sut = makeSut({ monitor: { flapThreshold: 3, flapWindowMs: 10 * MINUTE, cooldownMs: 15 * MINUTE } });
      await sut.addService('svc', [{ name: 'api', recorded: 'running', actual: 'running' }]);

      await flip(sut, 8);
      expect(sut.notifier.ofType('flap'), 'within the cooldown').to.have.length(1);

      await flip(sut, 12); // now 16 minutes after the first flap alert, still flapping
      expect(sut.notifier.ofType('flap')).to.have.length(2);
    });
  });

  describe('ignored and unmanaged containers', () => {
    it('never alerts for desired ignore, even drifting and flapping, but still records its events', async () => {
      const sut = makeSut({ monitor: { flapThreshold: 1 } });
      await sut.addService('svc', [{ name: 'api', desired: 'ignore', recorded: 'running', actual: 'exited' }]);
      await sut.tick.run();
      for (let i = 0; i < 5; i++) {
        sut.clock.advance(MINUTE);
        sut.setActual('svc', 'api', i % 2 === 0 ? 'running' : 'exited');
        await sut.tick.run();
      }

      expect(sut.notifier.alerts).to.deep.equal([]);
      expect(await sut.registry.listEvents({ service: 'svc' })).to.have.length(6);
    });

    it('never alerts for, nor records, containers that belong to no component', async () => {
      const sut = makeSut();
      sut.runtime.addContainer({ name: 'hand-made', image: 'reg/x:v1' }, 'exited');

      const report = await sut.tick.run();

      expect(report.ok).to.equal(true);
      expect(report.components).to.equal(0);
      expect(sut.notifier.alerts).to.deep.equal([]);
      expect(sut.registry.calls.addEvents ?? 0).to.equal(0);
    });
  });

  describe('pruning', () => {
    it('removes events older than the retention and keeps the rest', async () => {
      const sut = makeSut({ monitor: { retentionMs: 30 * DAY } });
      await sut.addService('svc', [{ name: 'api', recorded: 'running', actual: 'running' }]);
      const now = sut.clock.now().getTime();
      const at = (ms: number): Date => new Date(now - ms);
      await sut.registry.addEvents([
        { kind: 'transition', service: 'svc', component: 'api', from: 'running', to: 'exited', at: at(30 * DAY + 1) },
        { kind: 'transition', service: 'svc', component: 'api', from: 'exited', to: 'running', at: at(30 * DAY) },
        { kind: 'transition', service: 'svc', component: 'api', from: 'running', to: 'exited', at: at(DAY) },
      ]);

      const report = await sut.tick.run();

      expect(report.pruned).to.equal(1);
      const left = await sut.registry.listEvents({ service: 'svc' });
      expect(left.map((e) => e.at.toISOString())).to.deep.equal([at(DAY).toISOString(), at(30 * DAY).toISOString()]);
    });
  });

  describe('failures', () => {
    it('a notifier that throws does not stop the tick: every alert is tried, the failure is logged', async () => {
      const tried: Alert[] = [];
      const broken: Notifier = {
        async notify(alert) {
          tried.push(alert);
          throw new Error('smtp down');
        },
      };
      const sut = makeSut({ notifier: broken });
      await sut.addService('svc', [
        { name: 'a', recorded: 'running', actual: 'exited' },
        { name: 'b', recorded: 'running', actual: 'exited' },
      ]);

      const report = await sut.tick.run();

      expect(report.ok).to.equal(true);
      expect(tried.map((a) => a.component)).to.deep.equal(['a', 'b']);
      expect(sut.registry.calls.pruneEvents).to.equal(1);
      expect(sut.logger.messages('error').filter((m) => m.includes('smtp down'))).to.have.length(2);
    });

    it('a runtime failure is logged, reported, and leaves the registry untouched', async () => {
      const sut = makeSut();
      await sut.addService('svc', [{ name: 'api', recorded: 'running', actual: 'exited' }]);
      const callsBefore = { ...sut.registry.calls };
      sut.runtime.unavailable = true;

      const report = await sut.tick.run();

      expect(report.ok).to.equal(false);
      expect(report.error?.code).to.equal('RUNTIME_UNAVAILABLE');
      expect(sut.registry.calls).to.deep.equal(callsBefore);
      expect((await sut.observedOf('svc', 'api')).observed).to.equal('running');
      expect(sut.notifier.alerts).to.deep.equal([]);
      expect(sut.logger.messages('error').some((m) => m.includes('cannot list containers'))).to.equal(true);
    });

    it('a registry failure is logged and reported, and sends no alert', async () => {
      const sut = makeSut();
      await sut.addService('svc', [{ name: 'api', recorded: 'running', actual: 'exited' }]);
      sut.registry.addEvents = async () => {
        throw new Error('database is locked');
      };

      const report = await sut.tick.run();

      expect(report.ok).to.equal(false);
      expect(report.error?.message).to.equal('database is locked');
      expect(sut.notifier.alerts).to.deep.equal([]);
      expect(sut.logger.messages('error').some((m) => m.includes('database is locked'))).to.equal(true);
    });
  });
});
