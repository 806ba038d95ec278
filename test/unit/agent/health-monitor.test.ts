import { expect } from 'chai';
import { HealthMonitor } from '../../../src/application/agent/health/health-monitor.use-case';
import { MemoryLogger } from '../../fakes/memory-logger';
import { RecordingNotifier } from '../../fakes/recording-notifier';
import { makeSut, publish, spec } from './agent-sut';

const URL = 'http://127.0.0.1:8443/healthz';

async function monitored(retries = 3) {
  const sut = makeSut();
  const s = spec({ components: [{ name: 'api', image: 'reg/api:v1', health: { http: URL, intervalMs: 10_000, retries } }, { name: 'web', image: 'reg/web:v1' }] });
  publish(sut.runtime, s);
  sut.probe.script(URL, () => ({ ok: true, output: 'HTTP 200' }));
  await sut.deploy.execute({ spec: s });
  const notifier = new RecordingNotifier();
  const settings = { nodeName: 'rift', monitor: { intervalMs: 60_000, cooldownMs: 900_000, flapThreshold: 3, flapWindowMs: 600_000, retentionMs: 86_400_000 } };
  const monitor = new HealthMonitor(sut.registry, { probe: sut.probe, exec: sut.output }, notifier, sut.clock, new MemoryLogger(), settings, sut.lock);
  return { ...sut, monitor, notifier };
}

describe('HealthMonitor', () => {
  it('probes each checked component at its own interval, and only those', async () => {
    const sut = await monitored();
    sut.probe.probes.length = 0;
    expect((await sut.monitor.run()).probed).to.equal(1);
    sut.clock.advance(5_000);
    expect((await sut.monitor.run()).probed).to.equal(0);
    sut.clock.advance(5_000);
    expect((await sut.monitor.run()).probed).to.equal(1);
    expect(sut.probe.probes).to.deep.equal([URL, URL]);
  });

  it('makes a component unhealthy after `retries` failures in a row, with an event and one alert carrying the output', async () => {
    const sut = await monitored(3);
    sut.probe.script(URL, () => ({ ok: false, output: 'HTTP 503 down for maintenance' }));
    for (let i = 0; i < 2; i++) {
      expect((await sut.monitor.run()).events).to.deep.equal([]);
      sut.clock.advance(10_000);
    }
    const third = await sut.monitor.run();
    await sut.monitor.settle();
    expect(third.events.map((e) => [e.component, e.from, e.to, e.output])).to.deep.equal([['api', 'healthy', 'unhealthy', 'HTTP 503 down for maintenance']]);
    expect(sut.notifier.alerts).to.have.length(1);
    expect(sut.notifier.alerts[0]).to.deep.include({ type: 'unhealthy', service: 'metacrypt', component: 'api', container: 'metacrypt-api', healthOutput: 'HTTP 503 down for maintenance' });
    expect((await sut.registry.getService('metacrypt'))!.components[0]!.health).to.equal('unhealthy');
    const [stored] = await sut.registry.listEvents({ service: 'metacrypt', kinds: ['health'] });
    expect(stored).to.deep.include({ from: 'healthy', to: 'unhealthy' });

    // Still failing: no new event, no new alert (cooldown).
    sut.clock.advance(10_000);
    expect((await sut.monitor.run()).events).to.deep.equal([]);
    expect(sut.notifier.alerts).to.have.length(1);
  });

  it('reports recovery as an event back to healthy, without an alert', async () => {
    const sut = await monitored(1);
    sut.probe.script(URL, (n) => (n === 2 ? { ok: false, output: 'connect 127.0.0.1:8443: ECONNREFUSED' } : { ok: true, output: 'HTTP 200' }));
    await sut.monitor.run();
    sut.clock.advance(10_000);
    const back = await sut.monitor.run();
    expect(back.events.map((e) => [e.from, e.to])).to.deep.equal([['unhealthy', 'healthy']]);
    expect(sut.notifier.alerts.map((a) => a.type)).to.deep.equal(['unhealthy']);
    expect((await sut.registry.getService('metacrypt'))!.components[0]!.health).to.equal('healthy');
  });

  it('clips the probe output to 1 KiB in the event and the alert', async () => {
    const sut = await monitored(1);
    sut.probe.script(URL, () => ({ ok: false, output: 'x'.repeat(5000) }));
    const pass = await sut.monitor.run();
    expect(pass.events[0]!.output).to.have.length(1024);
    expect(pass.alerts[0]!.healthOutput).to.have.length(1024);
  });

  it('drops the verdict of a probe that a deploy overtook: it saw the container being replaced', async () => {
    const sut = await monitored(1);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let deploying: Promise<void> | undefined;
    sut.probe.script(URL, () => {
      // The deploy takes the service's lock while the probe is under way.
      deploying = sut.lock.run('metacrypt', () => held);
      return { ok: false, output: 'connect 127.0.0.1:8443: ECONNREFUSED' };
    });
    const pass = await sut.monitor.run();
    expect(pass.probed).to.equal(1);
    expect(pass.events).to.deep.equal([]);
    expect(pass.alerts).to.deep.equal([]);
    expect((await sut.registry.getService('metacrypt'))!.components[0]!.health).to.equal('healthy');
    release();
    await deploying;
  });

  it('leaves alone a component that is not running, and a service mid-deploy', async () => {
    const sut = await monitored(1);
    await sut.registry.updateObserved([{ service: 'metacrypt', component: 'api', observed: 'exited', at: sut.clock.now() }]);
    expect((await sut.monitor.run()).probed).to.equal(0);
    await sut.registry.updateObserved([{ service: 'metacrypt', component: 'api', observed: 'running', at: sut.clock.now() }]);
    let pass: Awaited<ReturnType<typeof sut.monitor.run>> | undefined;
    await sut.lock.run('metacrypt', async () => {
      pass = await sut.monitor.run();
    });
    expect(pass!.probed).to.equal(0);
  });
});
