import { expect } from 'chai';
import { deployed, makeSut } from './agent-sut';

describe('lifecycle use cases', () => {
  it('stop: desired stopped, active false, containers stopped, per-component results', async () => {
    const sut = await deployed();
    const out = await sut.stop.execute('metacrypt');
    expect(out.results.map((r) => [r.component, r.ok, r.desired, r.observed])).to.deep.equal([
      ['api', true, 'stopped', 'exited'],
      ['web', true, 'stopped', 'exited'],
    ]);
    expect(sut.runtime.callsOf('stop')).to.deep.equal(['stop metacrypt-api', 'stop metacrypt-web']);
    const rec = (await sut.registry.getService('metacrypt'))!;
    expect(rec.active).to.equal(false);
    expect(rec.components.map((c) => [c.desired, c.observed])).to.deep.equal([
      ['stopped', 'exited'],
      ['stopped', 'exited'],
    ]);
  });

  it('start: desired running, starts stopped containers and re-runs removed ones', async () => {
    const sut = await deployed();
    await sut.stop.execute('metacrypt');
    await sut.runtime.remove('metacrypt-web');
    sut.runtime.calls.length = 0;
    const out = await sut.start.execute('metacrypt');
    expect(out.results.map((r) => [r.component, r.ok, r.desired, r.observed])).to.deep.equal([
      ['api', true, 'running', 'running'],
      ['web', true, 'running', 'running'],
    ]);
    expect(sut.runtime.calls.filter((c) => !c.startsWith('inspect') && !c.startsWith('hasImage'))).to.deep.equal(['start metacrypt-api', 'run metacrypt-web']);
    expect((await sut.registry.getService('metacrypt'))!.active).to.equal(true);
  });

  it('restart: stops then starts each component and leaves active alone', async () => {
    const sut = await deployed();
    const out = await sut.restart.execute('metacrypt');
    expect(out.results.every((r) => r.ok && r.observed === 'running')).to.equal(true);
    expect(sut.runtime.calls.filter((c) => /^(stop|start)/.test(c))).to.deep.equal(['stop metacrypt-api', 'start metacrypt-api', 'stop metacrypt-web', 'start metacrypt-web']);
    expect((await sut.registry.getService('metacrypt'))!.active).to.equal(true);
  });

  it('one failing component does not hide the others', async () => {
    const sut = await deployed();
    sut.runtime.failNext.stop.add('metacrypt-api');
    const out = await sut.stop.execute('metacrypt');
    expect(out.results.map((r) => [r.component, r.ok, r.observed])).to.deep.equal([
      ['api', false, 'running'],
      ['web', true, 'exited'],
    ]);
    expect(out.results[0]!.error!.message).to.match(/injected failure/);
  });

  it('an unknown service is SERVICE_NOT_FOUND and touches nothing', async () => {
    const sut = makeSut();
    for (const op of [sut.stop, sut.start, sut.restart]) {
      expect(await op.execute('ghost').catch((e) => e.code)).to.equal('SERVICE_NOT_FOUND');
    }
    expect(sut.runtime.calls).to.deep.equal([]);
  });
});
