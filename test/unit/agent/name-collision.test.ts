import { expect } from 'chai';
import { makeSut, publish, spec } from './agent-sut';

// `relx` + `a-b` and `relx-a` + `b` both name the container `relx-a-b`.
const relx = () => spec({ name: 'relx', components: [{ name: 'a-b', image: 'reg/relx:v1' }] });
const relxA = () => spec({ name: 'relx-a', components: [{ name: 'b', image: 'reg/relx-a:v1' }] });

describe('NAME_COLLISION on the agent (sync and deploy)', () => {
  it('sync refuses two specs sent that collide, recording nothing and touching no container', async () => {
    const sut = makeSut();
    const e = await sut.sync.execute([relx(), spec(), relxA()]).catch((x) => x);
    expect(e.code).to.equal('NAME_COLLISION');
    expect(e.message).to.contain('services relx and relx-a both name container relx-a-b');
    expect(await sut.registry.listServices()).to.deep.equal([]);
    expect(sut.runtime.calls).to.deep.equal([]);
  });

  it('sync refuses a spec that collides with a service the registry keeps (not sent), and allows it once that one is sent renamed', async () => {
    const sut = makeSut();
    await sut.sync.execute([relx()]);
    const e = await sut.sync.execute([relxA()]).catch((x) => x);
    expect(e.code).to.equal('NAME_COLLISION');
    expect(e.message).to.contain('services relx and relx-a both name container relx-a-b (relx component a-b, relx-a component b)');
    expect((await sut.registry.listServices()).map((s) => s.name)).to.deep.equal(['relx']);
    // The registry's relx is replaced by what is sent: a renamed component no longer collides.
    const renamed = spec({ name: 'relx', components: [{ name: 'ab', image: 'reg/relx:v1' }] });
    const out = await sut.sync.execute([renamed, relxA()]);
    expect(out.results.map((r) => [r.service, r.change])).to.deep.equal([
      ['relx', 'updated'],
      ['relx-a', 'created'],
    ]);
  });

  it('deploy refuses a new service whose container another registered service names: nothing pulled, stopped or renamed', async () => {
    const sut = makeSut();
    publish(sut.runtime, relx());
    publish(sut.runtime, relxA());
    await sut.deploy.execute({ spec: relx() });
    sut.runtime.calls.length = 0;
    const before = structuredClone([...sut.runtime.containers.entries()]);

    const e = await sut.deploy.execute({ spec: relxA() }).catch((x) => x);
    expect(e.code).to.equal('NAME_COLLISION');
    expect(e.message).to.contain('services relx and relx-a both name container relx-a-b');
    expect(sut.runtime.calls).to.deep.equal([]);
    expect([...sut.runtime.containers.entries()]).to.deep.equal(before);
    expect(await sut.registry.getService('relx-a')).to.equal(undefined);
  });

  it('deploy of a registered service checks it too, and a service redeploying itself is no collision', async () => {
    const sut = makeSut();
    publish(sut.runtime, relx());
    await sut.deploy.execute({ spec: relx() });
    expect((await sut.deploy.execute({ spec: relx() })).results.every((r) => r.ok)).to.equal(true);
    // A registry that already holds both (written before this check existed) deploys neither.
    await sut.sync.execute([relx()]);
    await sut.registry.saveService({ name: 'relx-a', node: relxA().node, active: true, components: relxA().components.map((c) => ({ spec: c, desired: 'running', observed: 'unknown', version: '' })) });
    sut.runtime.calls.length = 0;
    expect((await sut.deploy.execute({ serviceName: 'relx' }).catch((x) => x)).code).to.equal('NAME_COLLISION');
    expect((await sut.deploy.execute({ serviceName: 'relx-a' }).catch((x) => x)).code).to.equal('NAME_COLLISION');
    expect(sut.runtime.calls).to.deep.equal([]);
  });
});
