import { expect } from 'chai';
import { makeSut, publish, spec } from './agent-sut';

describe('SyncDesiredStateUseCase', () => {
  it('creates new services with desired from active, and changes no container', async () => {
    const sut = makeSut();
    const out = await sut.sync.execute([spec(), spec({ name: 'idle', active: false })]);
    expect(out.results.map((r) => [r.service, r.change])).to.deep.equal([
      ['metacrypt', 'created'],
      ['idle', 'created'],
    ]);
    expect((await sut.registry.getService('idle'))!.components.map((c) => c.desired)).to.deep.equal(['stopped', 'stopped']);
    expect((await sut.registry.getService('metacrypt'))!.components.map((c) => c.desired)).to.deep.equal(['running', 'running']);
    expect(sut.runtime.calls).to.deep.equal(['list']);
  });

  it('reports unchanged, updated (with what changed) and services not sent', async () => {
    const sut = makeSut();
    await sut.sync.execute([spec(), spec({ name: 'other' })]);
    const changed = spec({ active: false, components: [{ name: 'api', image: 'reg/metacrypt:v2' }, { name: 'db', image: 'reg/db:v1' }] });
    const out = await sut.sync.execute([changed]);
    expect(out.results.map((r) => [r.service, r.change])).to.deep.equal([
      ['metacrypt', 'updated'],
      ['other', 'not-sent'],
    ]);
    expect(out.results[0]!.details).to.deep.equal([
      'active true → false',
      'component api: image reg/metacrypt:v1.2.0 → reg/metacrypt:v2',
      'component api: desired running → stopped',
      'component db added (desired stopped)',
      'component web removed from the definition',
    ]);
    expect(await sut.registry.getService('other')).to.not.equal(undefined);
    const again = await sut.sync.execute([changed, spec({ name: 'other' })]);
    expect(again.results.map((r) => r.change)).to.deep.equal(['unchanged', 'unchanged']);
  });

  it('keeps observed state and version of existing components', async () => {
    const sut = makeSut();
    publish(sut.runtime, spec());
    await sut.deploy.execute({ spec: spec() });
    await sut.sync.execute([spec({ active: false })]);
    const rec = (await sut.registry.getService('metacrypt'))!;
    expect(rec.components.map((c) => [c.desired, c.observed, c.version])).to.deep.equal([
      ['stopped', 'running', 'v1.2.0'],
      ['stopped', 'running', 'v1.2.0'],
    ]);
  });

  it('records containers of no service as unmanaged', async () => {
    const sut = makeSut();
    sut.runtime.addContainer({ name: 'postgres', image: 'postgres:16' });
    sut.runtime.addContainer({ name: 'metacrypt-api', image: 'reg/metacrypt:v1.2.0' });
    sut.runtime.addContainer({ name: 'labelled', image: 'x', labels: { 'mcp.service': 'metacrypt' } });
    const out = await sut.sync.execute([spec()]);
    expect(out.unmanaged.map((u) => u.name)).to.deep.equal(['postgres']);
    expect((await sut.registry.listUnmanaged()).map((u) => u.name)).to.deep.equal(['postgres']);
  });

  it('refuses specs for another node or sent twice, recording nothing', async () => {
    const sut = makeSut();
    expect(await sut.sync.execute([spec(), spec({ name: 'x', node: 'elsewhere' })]).catch((e) => e.code)).to.equal('WRONG_NODE');
    expect(await sut.sync.execute([spec(), spec()]).catch((e) => e.code)).to.equal('INVALID_ARGUMENT');
    expect(await sut.registry.listServices()).to.deep.equal([]);
  });
});
