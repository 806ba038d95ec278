import { expect } from 'chai';
import type { DeployStep } from '../../../src/application/shared/results/deploy-step';
import { makeSut, publish, spec } from './agent-sut';

const V2 = () => spec({ components: [{ name: 'api', image: 'reg/metacrypt:v2' }, { name: 'web', image: 'reg/metacrypt-web:v2' }] });

/** A SUT with spec() deployed, v2 images published, the call log cleared. */
async function deployedV1() {
  const sut = makeSut({ settleTimeMs: 3000 });
  publish(sut.runtime, spec());
  publish(sut.runtime, V2());
  await sut.deploy.execute({ spec: spec() });
  sut.runtime.calls.length = 0;
  return sut;
}

const mutating = (calls: readonly string[]) => calls.filter((c) => !c.startsWith('inspect') && !c.startsWith('hasImage'));

describe('DeployUseCase (gated)', () => {
  it('replaces each container through .mcp-prev, then removes the old ones once every gate passed', async () => {
    const sut = await deployedV1();
    const out = await sut.deploy.execute({ spec: V2() });

    expect(out.results.map((r) => [r.component, r.ok, r.observed, r.version])).to.deep.equal([
      ['api', true, 'running', 'v2'],
      ['web', true, 'running', 'v2'],
    ]);
    expect(mutating(sut.runtime.calls)).to.deep.equal([
      'pull reg/metacrypt:v2',
      'pull reg/metacrypt-web:v2',
      'stop metacrypt-api',
      'rename metacrypt-api metacrypt-api.mcp-prev',
      'run metacrypt-api',
      'stop metacrypt-web',
      'rename metacrypt-web metacrypt-web.mcp-prev',
      'run metacrypt-web',
      'remove metacrypt-api.mcp-prev',
      'remove metacrypt-web.mcp-prev',
    ]);
    expect([...sut.runtime.containers.keys()].sort()).to.deep.equal(['metacrypt-api', 'metacrypt-web']);
    const rec = (await sut.registry.getService('metacrypt'))!;
    expect(rec.components.map((c) => [c.spec.image, c.version, c.health])).to.deep.equal([
      ['reg/metacrypt:v2', 'v2', 'none'],
      ['reg/metacrypt-web:v2', 'v2', 'none'],
    ]);
    expect(sut.journal.entries.size).to.equal(0);
    const [event] = await sut.registry.listEvents({ service: 'metacrypt', kinds: ['deploy'], limit: 1 });
    expect(event).to.deep.include({ outcome: 'deployed', component: '' });
  });

  it('a first deploy only pulls and runs: there is no old container to stop, rename or remove', async () => {
    const sut = makeSut();
    publish(sut.runtime, spec());
    const out = await sut.deploy.execute({ spec: spec() });
    expect(out.results.every((r) => r.ok)).to.equal(true);
    expect(mutating(sut.runtime.calls)).to.deep.equal(['pull reg/metacrypt:v1.2.0', 'pull reg/metacrypt-web:v1.2.0', 'run metacrypt-api', 'run metacrypt-web']);
  });

  it('waits settle_time for a component without a check, failing at once when its container stops', async () => {
    const sut = await deployedV1();
    const waits: number[] = [];
    const t0 = sut.clock.now().getTime();
    sut.sleeper.onSleep = () => {
      const waited = sut.clock.now().getTime() - t0;
      waits.push(waited);
      if (waited >= 1000) sut.runtime.containers.get('metacrypt-api')!.state = 'exited';
    };
    sut.output.logLines.set('metacrypt-api', Array.from({ length: 30 }, (_, i) => `line ${i + 1}`));
    const out = await sut.deploy.execute({ spec: V2() });

    const [api, web] = out.results;
    expect(api).to.deep.include({ component: 'api', ok: false, restored: true, observed: 'running' });
    expect(api!.error!.code).to.equal('CONTAINER_EXITED');
    expect(api!.error!.message).to.match(/metacrypt-api exited 1\.0s after it started/);
    expect(api!.logTail).to.have.length(20);
    expect(api!.logTail![19]).to.equal('line 30');
    expect(web).to.deep.include({ component: 'web', ok: false, restored: true });
    expect(web!.error!.code).to.equal('DEPLOY_UNDONE');
    // web was never touched: the deploy stopped at api.
    expect(sut.runtime.calls.some((c) => c === 'run metacrypt-web')).to.equal(false);
    expect(sut.runtime.containers.get('metacrypt-api')).to.include({ image: 'reg/metacrypt:v1.2.0', state: 'running' });
    expect(Math.max(...waits)).to.equal(1000);
  });

  it('counts a container its restart policy brought back as a crash', async () => {
    const sut = await deployedV1();
    sut.sleeper.onSleep = () => {
      const c = sut.runtime.containers.get('metacrypt-api');
      if (c) sut.runtime.containers.set(c.name, { ...c, startedAt: new Date(c.startedAt!.getTime() + 1000) });
    };
    const out = await sut.deploy.execute({ spec: V2() });
    expect(out.results[0]!.error!.code).to.equal('CONTAINER_EXITED');
    expect(out.results[0]!.error!.message).to.match(/exited and was restarted/);
  });

  it('undoes the whole deploy when the second of three components fails: the first is restored too', async () => {
    const sut = makeSut();
    const three = (tag: string) =>
      spec({ components: ['a', 'b', 'c'].map((n) => ({ name: n, image: `reg/${n}:${tag}` })) });
    publish(sut.runtime, three('v1'));
    publish(sut.runtime, three('v2'));
    await sut.deploy.execute({ spec: three('v1') });
    sut.runtime.failNext.run.add('metacrypt-b');
    const out = await sut.deploy.execute({ spec: three('v2') });

    expect(out.results.map((r) => [r.component, r.ok, r.restored, r.error?.code])).to.deep.equal([
      ['a', false, true, 'DEPLOY_UNDONE'],
      ['b', false, true, 'RUNTIME_FAILED'],
      ['c', false, true, 'DEPLOY_UNDONE'],
    ]);
    for (const n of ['a', 'b', 'c']) expect(sut.runtime.containers.get(`metacrypt-${n}`)).to.include({ image: `reg/${n}:v1`, state: 'running' });
    expect([...sut.runtime.containers.keys()].some((k) => k.endsWith('.mcp-prev'))).to.equal(false);
    const rec = (await sut.registry.getService('metacrypt'))!;
    expect(rec.components.map((c) => c.spec.image)).to.deep.equal(['reg/a:v1', 'reg/b:v1', 'reg/c:v1']);
    expect(sut.journal.entries.size).to.equal(0);
    const [event] = await sut.registry.listEvents({ service: 'metacrypt', kinds: ['deploy'], limit: 1 });
    expect(event).to.deep.include({ outcome: 'failed' });
    expect((event as { message: string }).message).to.match(/^b failed: run metacrypt-b: injected failure; restored$/);
  });

  it('changes nothing at all when a pull fails', async () => {
    const sut = await deployedV1();
    const bad = spec({ components: [{ name: 'api', image: 'reg/metacrypt:v2' }, { name: 'web', image: 'reg/metacrypt-web:v404' }] });
    const out = await sut.deploy.execute({ spec: bad });
    expect(out.results.map((r) => [r.component, r.ok, r.error?.code])).to.deep.equal([
      ['api', false, 'DEPLOY_UNDONE'],
      ['web', false, 'IMAGE_PULL_FAILED'],
    ]);
    expect(mutating(sut.runtime.calls)).to.deep.equal(['pull reg/metacrypt:v2', 'pull reg/metacrypt-web:v404']);
    expect((await sut.registry.getService('metacrypt'))!.components[0]!.spec.image).to.equal('reg/metacrypt:v1.2.0');
  });

  it('waits for an http check that passes on the third try, and reports how long it took', async () => {
    const sut = await deployedV1();
    const s = spec({ components: [{ name: 'api', image: 'reg/metacrypt:v2', health: { http: 'http://127.0.0.1:8443/healthz', startPeriodMs: 10_000 } }] });
    sut.probe.script('http://127.0.0.1:8443/healthz', (n) => (n >= 3 ? { ok: true, output: 'HTTP 200' } : { ok: false, output: 'HTTP 503' }));
    const steps: DeployStep[] = [];
    const out = await sut.deploy.execute({ spec: s }, (step) => steps.push(step));
    expect(out.results[0]).to.deep.include({ ok: true });
    expect(steps.find((x) => x.step === 'healthy')).to.deep.equal({ component: 'api', step: 'healthy', elapsedMs: 2000 });
    expect((await sut.registry.getService('metacrypt'))!.components[0]!.health).to.equal('healthy');
    expect(steps.map((x) => `${x.component} ${x.step}`)).to.deep.equal([
      'api pulling',
      'api pulled',
      'api stopping',
      'api starting',
      'api waiting',
      'api healthy',
      'api done',
      'web removed',
    ]);
  });

  it('fails an http check that never passes within start_period, naming the last answer', async () => {
    const sut = await deployedV1();
    const s = spec({ components: [{ name: 'api', image: 'reg/metacrypt:v2', health: { http: 'http://127.0.0.1:1/x', startPeriodMs: 5_000 } }, { name: 'web', image: 'reg/metacrypt-web:v2' }] });
    sut.probe.script('http://127.0.0.1:1/x', () => ({ ok: false, output: 'HTTP 500 boom' }));
    const t0 = sut.clock.now().getTime();
    const out = await sut.deploy.execute({ spec: s });
    expect(out.results[0]!.error).to.deep.equal({ code: 'HEALTH_CHECK_FAILED', message: 'metacrypt-api not healthy within start_period 5.0s: HTTP 500 boom' });
    expect(sut.clock.now().getTime() - t0).to.equal(5_000);
    expect(sut.runtime.containers.get('metacrypt-api')).to.include({ image: 'reg/metacrypt:v1.2.0', state: 'running' });
    expect(sut.runtime.containers.get('metacrypt-web')).to.include({ image: 'reg/metacrypt-web:v1.2.0' });
  });

  it('runs a cmd check inside the new container', async () => {
    const sut = await deployedV1();
    const s = spec({ components: [{ name: 'api', image: 'reg/metacrypt:v2', health: { cmd: ['/bin/check'], startPeriodMs: 2_000 } }] });
    sut.output.execAnswer = (_c, n) => (n < 2 ? { exitCode: 1, output: 'not yet' } : { exitCode: 0, output: 'ok' });
    const out = await sut.deploy.execute({ spec: s, component: 'api' });
    expect(out.results[0]!.ok).to.equal(true);
    expect(sut.output.execs).to.deep.equal(['metacrypt-api: /bin/check', 'metacrypt-api: /bin/check']);
  });

  it('restores a stopped old container without starting it', async () => {
    const sut = await deployedV1();
    sut.runtime.containers.get('metacrypt-api')!.state = 'exited';
    sut.runtime.failNext.run.add('metacrypt-api');
    await sut.deploy.execute({ spec: V2() });
    expect(sut.runtime.containers.get('metacrypt-api')).to.include({ image: 'reg/metacrypt:v1.2.0', state: 'exited' });
    // Neither the stopped api nor the untouched, running web needs a start.
    expect(sut.runtime.callsOf('start')).to.deep.equal([]);
  });

  it('removes the new container of a first deploy that fails, and records nothing', async () => {
    const sut = makeSut();
    publish(sut.runtime, spec());
    sut.runtime.failNext.run.add('metacrypt-web');
    const out = await sut.deploy.execute({ spec: spec() });
    expect(out.results.map((r) => r.ok)).to.deep.equal([false, false]);
    expect(sut.runtime.containers.size).to.equal(0);
    expect(await sut.registry.getService('metacrypt')).to.equal(undefined);
  });

  it('keeps a dropped component when the deploy fails, and removes it when it succeeds', async () => {
    const sut = await deployedV1();
    const apiOnly = spec({ components: [{ name: 'api', image: 'reg/metacrypt:v2' }] });
    sut.runtime.failNext.run.add('metacrypt-api');
    await sut.deploy.execute({ spec: apiOnly });
    expect(sut.runtime.containers.has('metacrypt-web')).to.equal(true);
    const out = await sut.deploy.execute({ spec: apiOnly });
    expect(out.results.map((r) => [r.component, r.ok, r.observed])).to.deep.equal([
      ['api', true, 'running'],
      ['web', true, 'removed'],
    ]);
    expect(sut.runtime.containers.has('metacrypt-web')).to.equal(false);
  });

  it('deploys one component only, leaving the others untouched', async () => {
    const sut = await deployedV1();
    const out = await sut.deploy.execute({ spec: V2(), component: 'api' });
    expect(out.results.map((r) => r.component)).to.deep.equal(['api']);
    expect(sut.runtime.calls.some((c) => c.includes('metacrypt-web'))).to.equal(false);
    const rec = (await sut.registry.getService('metacrypt'))!;
    expect(rec.components.map((c) => c.spec.image)).to.deep.equal(['reg/metacrypt:v2', 'reg/metacrypt-web:v1.2.0']);
  });

  it('goes on when the progress listener throws', async () => {
    const sut = await deployedV1();
    const out = await sut.deploy.execute({ spec: V2() }, () => {
      throw new Error('client gone');
    });
    expect(out.results.every((r) => r.ok)).to.equal(true);
  });

  it('refuses a spec for another node and records nothing', async () => {
    const sut = makeSut();
    const err = await sut.deploy.execute({ spec: spec({ node: 'other' }) }).catch((e) => e);
    expect(err).to.have.property('code', 'WRONG_NODE');
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
    const sut = await deployedV1();
    const again = await sut.deploy.execute({ serviceName: 'metacrypt' });
    expect(again.results.every((r) => r.ok)).to.equal(true);
    expect(await sut.deploy.execute({ serviceName: 'nope' }).catch((e) => e.code)).to.equal('SERVICE_NOT_FOUND');
  });

  it('rejects an unknown component and a hostile service name', async () => {
    const sut = makeSut();
    expect(await sut.deploy.execute({ spec: spec(), component: 'db' }).catch((e) => e.code)).to.equal('COMPONENT_NOT_FOUND');
    expect(await sut.deploy.execute({ serviceName: '--privileged' }).catch((e) => e.code)).to.equal('INVALID_NAME');
  });

  it('applies pull policies and pulls an image shared by two components once', async () => {
    const sut = makeSut();
    sut.runtime.localImages.add('local/img:v1');
    const s = spec({ components: [{ name: 'a', image: 'local/img:v1', pull: 'missing' }, { name: 'b', image: 'reg/x:v1' }, { name: 'c', image: 'reg/x:v1' }] });
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
