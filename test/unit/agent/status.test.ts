import { isTransition } from '../../../src/domain/events/transition-event';
import { expect } from 'chai';
import { deployed } from './agent-sut';

describe('status use cases', () => {
  it('ListServices reads the registry only, never the runtime', async () => {
    const sut = await deployed();
    sut.runtime.unavailable = true;
    const view = await sut.list.execute();
    expect(sut.runtime.calls).to.deep.equal([]);
    expect(view.node).to.equal('rift');
    expect(view.services[0]!.components.map((c) => [c.container, c.desired, c.observed, c.drift, c.version])).to.deep.equal([
      ['metacrypt-api', 'running', 'running', false, 'v1.2.0'],
      ['metacrypt-web', 'running', 'running', false, 'v1.2.0'],
    ]);
  });

  it('LiveCheck asks the runtime once, updates observed state and records transitions', async () => {
    const sut = await deployed();
    await sut.runtime.stop('metacrypt-api');
    await sut.runtime.remove('metacrypt-web');
    sut.runtime.addContainer({ name: 'stray', image: 'busybox' });
    sut.runtime.calls.length = 0;
    sut.clock.advance(5000);

    sut.registry.calls['listServices'] = 0;
    const view = await sut.liveCheck.execute();
    expect(sut.runtime.calls).to.deep.equal(['list']);
    expect(sut.registry.calls['listServices']).to.equal(1);
    const stored = (await sut.registry.listServices())[0]!.components.map((c) => [c.observed, c.observedAt?.toISOString()]);
    expect(view.services[0]!.components.map((c) => [c.observed, c.observedAt?.toISOString()])).to.deep.equal(stored);
    expect(view.services[0]!.components.map((c) => [c.name, c.observed, c.drift])).to.deep.equal([
      ['api', 'exited', true],
      ['web', 'removed', true],
    ]);
    expect(view.unmanaged).to.deep.equal([{ name: 'stray', image: 'busybox', observed: 'running' }]);
    const events = (await sut.registry.listEvents({ service: 'metacrypt' })).filter(isTransition);
    expect(events.map((e) => [e.component, e.from, e.to, e.at.toISOString()])).to.have.deep.members([
      ['api', 'running', 'exited', '2026-01-01T00:00:05.000Z'],
      ['web', 'running', 'removed', '2026-01-01T00:00:05.000Z'],
    ]);
    expect(await sut.registry.listUnmanaged()).to.have.length(1);
  });

  it('LiveCheck records no event when nothing changed', async () => {
    const sut = await deployed();
    await sut.liveCheck.execute();
    expect(await sut.registry.listEvents({ service: 'metacrypt', kinds: ['transition'] })).to.deep.equal([]);
  });

  it('GetServiceStatus shows drift and recent events, newest first', async () => {
    const sut = await deployed();
    await sut.runtime.stop('metacrypt-api');
    sut.clock.advance(1000);
    await sut.liveCheck.execute();
    await sut.runtime.start('metacrypt-api');
    sut.clock.advance(1000);
    await sut.runtime.stop('metacrypt-api');
    const status = await sut.status.execute({ service: 'metacrypt' });
    const api = status.services[0]!.service.components[0]!;
    expect([api.observed, api.drift]).to.deep.equal(['exited', true]);
    expect(status.services[0]!.recentEvents.map((e) => `${e.from}->${e.to}`)).to.deep.equal(['running->exited']);
  });

  it('GetServiceStatus caps events and refuses an unknown service', async () => {
    const sut = await deployed();
    for (let i = 0; i < 5; i++) {
      sut.clock.advance(1000);
      if (i % 2 === 0) await sut.runtime.stop('metacrypt-api');
      else await sut.runtime.start('metacrypt-api');
      await sut.liveCheck.execute();
    }
    const status = await sut.status.execute({ service: 'metacrypt', eventLimit: 2 });
    expect(status.services[0]!.recentEvents).to.have.length(2);
    expect(await sut.status.execute({ service: 'ghost' }).catch((e) => e.code)).to.equal('SERVICE_NOT_FOUND');
    expect((await sut.status.execute({})).services).to.have.length(1);
  });

  it('ignore never drifts in a view', async () => {
    const sut = await deployed();
    const rec = (await sut.registry.getService('metacrypt'))!;
    await sut.registry.saveService({ ...rec, components: rec.components.map((c) => ({ ...c, desired: 'ignore' as const })) });
    await sut.runtime.stop('metacrypt-api');
    const view = await sut.liveCheck.execute();
    expect(view.services[0]!.components.every((c) => !c.drift)).to.equal(true);
  });
});
