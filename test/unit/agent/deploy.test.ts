import { expect } from 'chai';
import { makeSut, publish, spec } from './agent-sut';

describe('DeployUseCase', () => {
  it('records the spec, pulls every image first, then replaces containers in file order', async () => {
    const sut = makeSut();
    const s = spec();
    publish(sut.runtime, s);
    const out = await sut.deploy.execute({ spec: s });

    expect(out.results.map((r) => [r.component, r.ok, r.observed, r.version])).to.deep.equal([
      ['api', true, 'running', 'v1.2.0'],
      ['web', true, 'running', 'v1.2.0'],
    ]);
    const mutating = sut.runtime.calls.filter((c) => !c.startsWith('inspect'));
    expect(mutating).to.deep.equal([
      'pull reg/metacrypt:v1.2.0',
      'pull reg/metacrypt-web:v1.2.0',
      'stop metacrypt-api',
      'remove metacrypt-api',
      'run metacrypt-api',
      'stop metacrypt-web',
      'remove metacrypt-web',
      'run metacrypt-web',
    ]);
    const rec = (await sut.registry.getService('metacrypt'))!;
    expect(rec.components.map((c) => [c.spec.name, c.desired, c.observed, c.version])).to.deep.equal([
      ['api', 'running', 'running', 'v1.2.0'],
      ['web', 'running', 'running', 'v1.2.0'],
    ]);
    expect(sut.runtime.containers.get('metacrypt-api')!.labels).to.deep.equal({ 'mcp.service': 'metacrypt', 'mcp.component': 'api' });
  });

  it('inspects every touched container in one call', async () => {
    const sut = makeSut();
    publish(sut.runtime, spec());
    await sut.deploy.execute({ spec: spec() });
    expect(sut.runtime.callsOf('inspect')).to.deep.equal(['inspect metacrypt-api,metacrypt-web']);
  });

  it('deploys one component only, leaving the others untouched', async () => {
    const sut = makeSut();
    publish(sut.runtime, spec());
    await sut.deploy.execute({ spec: spec() });
    sut.runtime.calls.length = 0;
    const v2 = spec({ components: [{ name: 'api', image: 'reg/metacrypt:v2' }, { name: 'web', image: 'reg/metacrypt-web:v9' }] });
    publish(sut.runtime, v2);
    const out = await sut.deploy.execute({ spec: v2, component: 'api' });
    expect(out.results.map((r) => r.component)).to.deep.equal(['api']);
    expect(sut.runtime.calls.some((c) => c.includes('metacrypt-web'))).to.equal(false);
    const rec = (await sut.registry.getService('metacrypt'))!;
    expect(rec.components.map((c) => c.spec.image)).to.deep.equal(['reg/metacrypt:v2', 'reg/metacrypt-web:v1.2.0']);
  });

  it('keeps the old container running when its pull fails, and goes on with the others', async () => {
    const sut = makeSut();
    publish(sut.runtime, spec());
    await sut.deploy.execute({ spec: spec() });
    const v2 = spec({ components: [{ name: 'api', image: 'reg/metacrypt:v404' }, { name: 'web', image: 'reg/metacrypt-web:v2' }] });
    sut.runtime.published.add('reg/metacrypt-web:v2');
    const out = await sut.deploy.execute({ spec: v2 });

    const [api, web] = out.results;
    expect(api).to.include({ component: 'api', ok: false, observed: 'running' });
    expect(api!.error!.code).to.equal('IMAGE_PULL_FAILED');
    expect(api!.error!.message).to.match(/manifest unknown/);
    expect(web).to.include({ component: 'web', ok: true, version: 'v2' });
    expect(sut.runtime.containers.get('metacrypt-api')).to.include({ state: 'running', image: 'reg/metacrypt:v1.2.0' });
    const rec = (await sut.registry.getService('metacrypt'))!;
    expect(rec.components[0]).to.include({ version: 'v1.2.0', observed: 'running' });
  });

  it('reports a failed run without hiding the other components', async () => {
    const sut = makeSut();
    publish(sut.runtime, spec());
    sut.runtime.failNext.run.add('metacrypt-api');
    const out = await sut.deploy.execute({ spec: spec() });
    expect(out.results.map((r) => [r.component, r.ok, r.observed])).to.deep.equal([
      ['api', false, 'removed'],
      ['web', true, 'running'],
    ]);
    expect(out.results[0]!.error).to.deep.include({ code: 'RUNTIME_FAILED' });
  });

  it('refuses a spec for another node and records nothing', async () => {
    const sut = makeSut();
    const err = await sut.deploy.execute({ spec: spec({ node: 'other' }) }).catch((e) => e);
    expect(err).to.have.property('code', 'WRONG_NODE');
    expect(err.message).to.match(/for node other, this agent is node rift/);
    expect(await sut.registry.listServices()).to.have.length(0);
    expect(sut.runtime.calls).to.have.length(0);
  });

  it('refuses an inactive service and records nothing', async () => {
    const sut = makeSut();
    const err = await sut.deploy.execute({ spec: spec({ active: false }) }).catch((e) => e);
    expect(err).to.have.property('code', 'SERVICE_INACTIVE');
    expect(await sut.registry.listServices()).to.have.length(0);
  });

  it('redeploys the recorded spec when none is sent, and says so when there is none', async () => {
    const sut = makeSut();
    publish(sut.runtime, spec());
    await sut.deploy.execute({ spec: spec() });
    const again = await sut.deploy.execute({ serviceName: 'metacrypt' });
    expect(again.results.every((r) => r.ok)).to.equal(true);
    const err = await sut.deploy.execute({ serviceName: 'nope' }).catch((e) => e);
    expect(err).to.have.property('code', 'SERVICE_NOT_FOUND');
  });

  it('rejects an unknown component and a hostile service name', async () => {
    const sut = makeSut();
    expect(await sut.deploy.execute({ spec: spec(), component: 'db' }).catch((e) => e.code)).to.equal('COMPONENT_NOT_FOUND');
    expect(await sut.deploy.execute({ serviceName: '--privileged' }).catch((e) => e.code)).to.equal('INVALID_NAME');
  });

  it('removes the container of a component dropped from the definition', async () => {
    const sut = makeSut();
    publish(sut.runtime, spec());
    await sut.deploy.execute({ spec: spec() });
    const out = await sut.deploy.execute({ spec: spec({ components: [{ name: 'api', image: 'reg/metacrypt:v1.2.0' }] }) });
    expect(out.results.map((r) => [r.component, r.ok, r.observed])).to.deep.equal([
      ['api', true, 'running'],
      ['web', true, 'removed'],
    ]);
    expect(sut.runtime.containers.has('metacrypt-web')).to.equal(false);
    expect((await sut.registry.getService('metacrypt'))!.components).to.have.length(1);
  });

  it('applies pull policies: missing pulls only when absent, never refuses an absent image', async () => {
    const sut = makeSut();
    sut.runtime.localImages.add('local/img:v1');
    const s = spec({ components: [{ name: 'api', image: 'local/img:v1', pull: 'missing' }, { name: 'web', image: 'local/absent:v1', pull: 'never' }] });
    const out = await sut.deploy.execute({ spec: s });
    expect(sut.runtime.callsOf('pull')).to.deep.equal([]);
    expect(out.results[0]!.ok).to.equal(true);
    expect(out.results[1]!.error!.message).to.match(/not on this node and pull = "never"/);
  });

  it('pulls an image shared by two components once', async () => {
    const sut = makeSut();
    const s = spec({ components: [{ name: 'a', image: 'reg/x:v1' }, { name: 'b', image: 'reg/x:v1' }] });
    publish(sut.runtime, s);
    await sut.deploy.execute({ spec: s });
    expect(sut.runtime.callsOf('pull')).to.deep.equal(['pull reg/x:v1']);
  });

  it('never interleaves two deploys of one service', async () => {
    const sut = makeSut();
    publish(sut.runtime, spec());
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first = true;
    sut.runtime.onCall = async (call) => {
      if (call.startsWith('pull') && first) {
        first = false;
        await held;
      }
    };
    const a = sut.deploy.execute({ spec: spec() });
    const b = sut.deploy.execute({ spec: spec() });
    await new Promise((r) => setImmediate(r));
    expect(sut.runtime.calls).to.deep.equal(['pull reg/metacrypt:v1.2.0']);
    release();
    await Promise.all([a, b]);
    const runs = sut.runtime.calls.map((c, i) => [c, i] as const).filter(([c]) => c.startsWith('run'));
    const secondPull = sut.runtime.calls.lastIndexOf('pull reg/metacrypt:v1.2.0');
    expect(runs[1]![1]).to.be.lessThan(secondPull);
  });
});
