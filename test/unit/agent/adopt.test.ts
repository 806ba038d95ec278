import { expect } from 'chai';
import { makeSut, spec } from './agent-sut';

describe('AdoptContainersUseCase', () => {
  it('adopts <service>-* containers as components with the runtime\'s spec', async () => {
    const sut = makeSut();
    sut.runtime.addContainer({ name: 'metacrypt-api', image: 'reg/metacrypt:v1.2.0', ports: ['127.0.0.1:8443:8443'], volumes: ['/srv/metacrypt:/srv/metacrypt:Z'], env: { LOG_LEVEL: 'info' }, cmd: ['server'], network: 'mcpnet', user: '0:0', restart: 'always' });
    sut.runtime.addContainer({ name: 'metacrypt-web', image: 'reg/web:v3' }, 'exited');
    sut.runtime.addContainer({ name: 'unrelated', image: 'x' });
    const out = await sut.adopt.execute('metacrypt');

    expect(out.results.map((r) => [r.container, r.component, r.ok, r.desired])).to.deep.equal([
      ['metacrypt-api', 'api', true, 'running'],
      ['metacrypt-web', 'web', true, 'stopped'],
    ]);
    expect(sut.runtime.calls).to.deep.equal(['list', 'inspect metacrypt-api,metacrypt-web']);
    const rec = (await sut.registry.getService('metacrypt'))!;
    expect(rec).to.include({ node: 'rift', active: true });
    expect(rec.components[0]!.spec).to.deep.equal({
      name: 'api',
      image: 'reg/metacrypt:v1.2.0',
      restart: 'always',
      pull: 'missing',
      ports: ['127.0.0.1:8443:8443'],
      volumes: ['/srv/metacrypt:/srv/metacrypt:Z'],
      cmd: ['server'],
      env: { LOG_LEVEL: 'info' },
      network: 'mcpnet',
      user: '0:0',
    });
    expect(rec.components.map((c) => [c.spec.name, c.observed, c.version])).to.deep.equal([
      ['api', 'running', 'v1.2.0'],
      ['web', 'exited', 'v3'],
    ]);
  });

  it('adopts a single-component service named like its container', async () => {
    const sut = makeSut();
    sut.runtime.addContainer({ name: 'mc-proxy', image: 'reg/proxy:v1' });
    const out = await sut.adopt.execute('mc-proxy');
    expect(out.results.map((r) => [r.container, r.component])).to.deep.equal([['mc-proxy', 'mc-proxy']]);
  });

  it('skips containers another service owns, and drops adopted ones from unmanaged', async () => {
    const sut = makeSut();
    await sut.sync.execute([spec({ name: 'metacrypt-api', components: [{ name: 'metacrypt-api', image: 'x:v1' }] })]);
    sut.runtime.addContainer({ name: 'metacrypt-api', image: 'x:v1' });
    sut.runtime.addContainer({ name: 'metacrypt-db', image: 'db:v1', labels: { 'mcp.service': 'other' } });
    sut.runtime.addContainer({ name: 'metacrypt-web', image: 'web:v1' });
    await sut.sync.execute([spec({ name: 'metacrypt-api', components: [{ name: 'metacrypt-api', image: 'x:v1' }] })]);
    expect((await sut.registry.listUnmanaged()).map((u) => u.name)).to.deep.equal(['metacrypt-db', 'metacrypt-web']);

    const out = await sut.adopt.execute('metacrypt');
    expect(out.results.map((r) => r.container)).to.deep.equal(['metacrypt-web']);
    expect((await sut.registry.listUnmanaged()).map((u) => u.name)).to.deep.equal(['metacrypt-db']);
  });

  it('reports a container whose name yields no valid component, and records nothing when none is adopted', async () => {
    const sut = makeSut();
    sut.runtime.addContainer({ name: 'metacrypt-Bad_Name', image: 'x:v1' });
    const out = await sut.adopt.execute('metacrypt');
    expect(out.results).to.have.length(1);
    expect(out.results[0]).to.include({ ok: false });
    expect(out.results[0]!.error!.code).to.equal('INVALID_NAME');
    expect(await sut.registry.getService('metacrypt')).to.equal(undefined);
  });

  it('finds nothing to adopt without failing', async () => {
    const sut = makeSut();
    const out = await sut.adopt.execute('metacrypt');
    expect(out.results).to.deep.equal([]);
  });
});
