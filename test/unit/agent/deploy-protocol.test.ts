import { expect } from 'chai';
import type { DeployStep } from '../../../src/application/shared/results/deploy-step';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import { LABEL_COMPONENT, LABEL_SERVICE } from '../../../src/domain/service/container-spec';
import { rejection } from '../../support/rejection';
import { makeSut, publish, spec } from './agent-sut';

const V2 = () => spec({ components: [{ name: 'api', image: 'reg/metacrypt:v2' }, { name: 'web', image: 'reg/metacrypt-web:v2' }] });
const labels = (component: string, service = 'metacrypt') => ({ [LABEL_SERVICE]: service, [LABEL_COMPONENT]: component });
/** Name, image and state of every container, by name. */
const node = (sut: { runtime: { containers: Map<string, { name: string; image: string; state: string }> } }) =>
  [...sut.runtime.containers.values()].map((c) => [c.name, c.image, c.state]).sort((a, b) => a[0]!.localeCompare(b[0]!));
const touching = (calls: readonly string[]) => calls.filter((c) => /^(stop|rename|remove|run|start) /.test(c));

/** A SUT with spec() deployed, v2 images published, the call log cleared. */
async function deployedV1() {
  const sut = makeSut();
  publish(sut.runtime, spec());
  publish(sut.runtime, V2());
  await sut.deploy.execute({ spec: spec() });
  sut.runtime.calls.length = 0;
  return sut;
}

/** A SUT whose metacrypt-api and -web were made by hand (no labels) and adopted; spec() and V2() images published. */
async function adoptedByHand() {
  const sut = makeSut();
  publish(sut.runtime, spec());
  publish(sut.runtime, V2());
  sut.runtime.addContainer({ name: 'metacrypt-api', image: 'reg/hand:v1' });
  sut.runtime.addContainer({ name: 'metacrypt-web', image: 'reg/hand-web:v1' });
  await sut.adopt.execute('metacrypt');
  return sut;
}

/** Every call named `call` fails (an engine that keeps refusing it) until `stop()`. */
function refuseAlways(sut: Awaited<ReturnType<typeof deployedV1>>, call: string) {
  let on = true;
  sut.runtime.onCall = async (c) => {
    if (on && c === call) throw new DomainError(ErrorCode.RuntimeFailed, `${c}: engine refused`);
  };
  return { stop: () => (on = false) };
}

describe('Deploy protocol: only the service\'s own containers are touched (CONTAINER_NOT_OURS)', () => {
  it('refuses before anything is touched when a container has another service\'s label, naming container, owner and what to do', async () => {
    const sut = makeSut();
    publish(sut.runtime, spec());
    sut.runtime.addContainer({ name: 'metacrypt-web', image: 'reg/other:v1', labels: labels('a-b', 'metacrypt-w') });
    const e = await rejection(sut.deploy.execute({ spec: spec() }));
    expect(e.code).to.equal(ErrorCode.ContainerNotOurs);
    expect(e.message).to.contain('container metacrypt-web belongs to service metacrypt-w').and.contain('rename');
    expect(touching(sut.runtime.calls)).to.deep.equal([]);
    expect(sut.runtime.containers.get('metacrypt-web')).to.include({ state: 'running', image: 'reg/other:v1' });
    expect(sut.journal.entries.size).to.equal(0);
  });

  it('refuses a container without MCP labels that the service has not adopted, saying to adopt or rename it', async () => {
    const sut = makeSut();
    publish(sut.runtime, spec());
    sut.runtime.addContainer({ name: 'metacrypt-api', image: 'reg/hand:v1' });
    const e = await rejection(sut.deploy.execute({ spec: spec() }));
    expect(e.code).to.equal(ErrorCode.ContainerNotOurs);
    expect(e.message).to.contain('metacrypt-api has no MCP labels').and.contain('mcp adopt metacrypt').and.contain('rename it');
    expect(touching(sut.runtime.calls)).to.deep.equal([]);
  });

  it('replaces an unlabelled container once it is adopted; the new one carries the labels', async () => {
    const sut = await adoptedByHand();
    const out = await sut.deploy.execute({ spec: spec() });
    expect(out.results.every((r) => r.ok)).to.equal(true);
    expect(sut.runtime.containers.get('metacrypt-api')!.labels).to.deep.equal(labels('api'));
  });

  it('a container made by hand under the name of a component MCP deployed (no labels, not adopted) is refused, and kept', async () => {
    const sut = await deployedV1();
    await sut.runtime.remove('metacrypt-api');
    sut.runtime.addContainer({ name: 'metacrypt-api', image: 'reg/hand:v1' });
    sut.runtime.calls.length = 0;
    const e = await rejection(sut.deploy.execute({ spec: V2() }));
    expect(e.code).to.equal(ErrorCode.ContainerNotOurs);
    expect(e.message).to.contain('metacrypt-api has no MCP labels and was not adopted into metacrypt').and.contain('mcp adopt metacrypt');
    expect(touching(sut.runtime.calls)).to.deep.equal([]);
    expect(sut.runtime.containers.get('metacrypt-api')).to.include({ image: 'reg/hand:v1', state: 'running' });
  });

  it('a hand-made .mcp-prev beside a component MCP deployed (no labels, not adopted) is refused, never removed', async () => {
    const sut = await deployedV1();
    sut.runtime.addContainer({ name: 'metacrypt-api.mcp-prev', image: 'reg/hand:v1' }, 'exited');
    sut.runtime.calls.length = 0;
    const e = await rejection(sut.deploy.execute({ spec: V2() }));
    expect(e.code).to.equal(ErrorCode.ContainerNotOurs);
    expect(touching(sut.runtime.calls)).to.deep.equal([]);
    expect(sut.runtime.containers.get('metacrypt-api.mcp-prev')).to.include({ image: 'reg/hand:v1' });
  });

  it('an adopted container is replaced once: the mark goes with it, so a later hand-made one is not taken for it', async () => {
    const sut = await adoptedByHand();
    expect((await sut.registry.getService('metacrypt'))!.components.map((c) => c.adopted)).to.deep.equal([true, true]);
    expect((await sut.deploy.execute({ spec: spec() })).results.every((r) => r.ok)).to.equal(true);
    expect((await sut.registry.getService('metacrypt'))!.components.map((c) => c.adopted)).to.deep.equal([undefined, undefined]);
    await sut.runtime.remove('metacrypt-web');
    sut.runtime.addContainer({ name: 'metacrypt-web', image: 'reg/hand-web:v2' });
    expect((await rejection(sut.deploy.execute({ spec: spec() }))).code).to.equal(ErrorCode.ContainerNotOurs);
  });

  it('an agent killed after the commit of a deploy that replaced adopted containers: recovery still removes their .mcp-prev', async () => {
    const sut = await adoptedByHand();
    const refusal = refuseAlways(sut, 'remove metacrypt-api.mcp-prev');
    expect((await sut.deploy.execute({ spec: V2() })).results.every((r) => r.ok)).to.equal(true);
    expect((await sut.journal.list()).map((e) => e.committed)).to.deep.equal([true]);
    expect(sut.runtime.containers.get('metacrypt-api.mcp-prev')!.labels).to.deep.equal({});
    refusal.stop();
    const report = await sut.recoverDeploys.execute();
    expect(report.undone).to.deep.equal([{ service: 'metacrypt', problems: [] }]);
    expect([...sut.runtime.containers.keys()].sort()).to.deep.equal(['metacrypt-api', 'metacrypt-web']);
    expect(sut.journal.entries.size).to.equal(0);
  });

  it('the undo leaves alone a container someone else made under a new component\'s name meanwhile', async () => {
    const sut = makeSut();
    publish(sut.runtime, spec());
    await sut.deploy.execute({ spec: spec({ components: [{ name: 'api', image: 'reg/metacrypt:v1.2.0' }] }) });
    sut.runtime.onCall = async (c) => {
      if (c === 'run metacrypt-web') sut.runtime.addContainer({ name: 'metacrypt-web', image: 'reg/intruder:v1', labels: labels('x', 'intruder') });
    };
    const out = await sut.deploy.execute({ spec: spec() });
    expect(out.results.find((r) => r.component === 'web')!.error!.message).to.contain('name already in use');
    expect(sut.runtime.containers.get('metacrypt-web')).to.include({ image: 'reg/intruder:v1' });
    expect(sut.runtime.containers.get('metacrypt-api')).to.include({ state: 'running' });
    expect(sut.journal.entries.size).to.equal(0);
  });
});

describe('Deploy protocol: a stale .mcp-prev is resolved before a swap', () => {
  it('beside a running container of the service: removed first (and recorded), then the deploy goes on', async () => {
    const sut = await deployedV1();
    sut.runtime.addContainer({ name: 'metacrypt-api.mcp-prev', image: 'reg/metacrypt:v0', labels: labels('api') }, 'exited');
    const steps: DeployStep[] = [];
    const out = await sut.deploy.execute({ spec: V2() }, (s) => steps.push(s));
    expect(out.results.every((r) => r.ok)).to.equal(true);
    expect(touching(sut.runtime.calls).slice(0, 3)).to.deep.equal(['remove metacrypt-api.mcp-prev', 'stop metacrypt-api', 'rename metacrypt-api metacrypt-api.mcp-prev']);
    expect(steps.find((s) => s.step === 'restored')!.message).to.contain('removed metacrypt-api.mcp-prev');
    const events = await sut.registry.listEvents({ service: 'metacrypt', kinds: ['deploy'] });
    expect(events.some((e) => e.kind === 'deploy' && e.outcome === 'recovered' && e.message.includes('metacrypt-api.mcp-prev'))).to.equal(true);
    expect([...sut.runtime.containers.keys()].sort()).to.deep.equal(['metacrypt-api', 'metacrypt-web']);
  });

  it('alone (its container gone): it is the only copy, so it gets its name back and the deploy replaces it as the old one', async () => {
    const sut = await deployedV1();
    await sut.runtime.remove('metacrypt-api');
    sut.runtime.addContainer({ name: 'metacrypt-api.mcp-prev', image: 'reg/metacrypt:v1.2.0', labels: labels('api') }, 'exited');
    sut.runtime.calls.length = 0;
    const out = await sut.deploy.execute({ spec: V2() });
    expect(out.results.every((r) => r.ok)).to.equal(true);
    expect(touching(sut.runtime.calls)[0]).to.equal('rename metacrypt-api.mcp-prev metacrypt-api');
    expect([...sut.runtime.containers.keys()].sort()).to.deep.equal(['metacrypt-api', 'metacrypt-web']);
  });

  it('beside a container that is not running: which one is good is unclear, so the deploy is refused and both are kept', async () => {
    const sut = await deployedV1();
    await sut.runtime.stop('metacrypt-api');
    sut.runtime.addContainer({ name: 'metacrypt-api.mcp-prev', image: 'reg/metacrypt:v0', labels: labels('api') }, 'exited');
    sut.runtime.calls.length = 0;
    const e = await rejection(sut.deploy.execute({ spec: V2() }));
    expect(e.message).to.contain('metacrypt-api.mcp-prev is left from an earlier deploy and metacrypt-api is exited');
    expect(touching(sut.runtime.calls)).to.deep.equal([]);
    expect(sut.runtime.containers.has('metacrypt-api.mcp-prev')).to.equal(true);
  });
});

describe('Deploy protocol: every step within the undo\'s reach', () => {
  it('a journal commit that fails is undone like a failed gate: the old containers run, the registry keeps the old spec', async () => {
    const sut = await deployedV1();
    sut.journal.commit = async () => {
      throw new DomainError(ErrorCode.Internal, 'disk full');
    };
    const out = await sut.deploy.execute({ spec: V2() });
    expect(out.results.map((r) => [r.component, r.restored, r.error?.message])).to.deep.equal([
      ['api', true, 'restored: the deploy failed when saving the new spec (disk full)'],
      ['web', true, 'restored: the deploy failed when saving the new spec (disk full)'],
    ]);
    expect(node(sut)).to.deep.equal([
      ['metacrypt-api', 'reg/metacrypt:v1.2.0', 'running'],
      ['metacrypt-web', 'reg/metacrypt-web:v1.2.0', 'running'],
    ]);
    expect((await sut.registry.getService('metacrypt'))!.components[0]!.spec.image).to.equal('reg/metacrypt:v1.2.0');
    expect(sut.journal.entries.size).to.equal(0);
  });

  it('a .mcp-prev the commit cannot remove is not ignored: the entry stays (committed) and the next start removes it', async () => {
    const sut = await deployedV1();
    const refusal = refuseAlways(sut, 'remove metacrypt-api.mcp-prev');
    const steps: DeployStep[] = [];
    const out = await sut.deploy.execute({ spec: V2() }, (s) => steps.push(s));
    expect(out.results.every((r) => r.ok)).to.equal(true);
    expect(steps.find((s) => s.component === 'api' && s.step === 'done')!.message).to.contain('could not remove metacrypt-api.mcp-prev').and.contain('next deploy or agent start');
    expect((await sut.journal.list()).map((e) => e.committed)).to.deep.equal([true]);
    refusal.stop();
    const report = await sut.recoverDeploys.execute();
    expect(report.undone).to.deep.equal([{ service: 'metacrypt', problems: [] }]);
    expect([...sut.runtime.containers.keys()].sort()).to.deep.equal(['metacrypt-api', 'metacrypt-web']);
    expect(sut.runtime.containers.get('metacrypt-api')).to.include({ image: 'reg/metacrypt:v2' });
    expect(sut.journal.entries.size).to.equal(0);
  });

  it('an undo that fails keeps its entry and names the component not back and its state; the next deploy settles it first', async () => {
    const sut = await deployedV1();
    sut.runtime.failNext.run.add('metacrypt-web');
    const refusal = refuseAlways(sut, 'rename metacrypt-api.mcp-prev metacrypt-api');
    const out = await sut.deploy.execute({ spec: V2() });
    const api = out.results.find((r) => r.component === 'api')!;
    expect(api.ok).to.equal(false);
    expect(api.error!.message).to.equal(
      'could not restore metacrypt-api: rename metacrypt-api.mcp-prev metacrypt-api: engine refused; now: metacrypt-api absent, metacrypt-api.mcp-prev exited; the agent tries again at its next start',
    );
    expect(out.results.find((r) => r.component === 'web')).to.deep.include({ restored: true });
    expect((await sut.journal.list()).map((e) => [e.service, e.committed])).to.deep.equal([['metacrypt', false]]);

    refusal.stop();
    const again = await sut.deploy.execute({ spec: V2() });
    expect(again.results.every((r) => r.ok)).to.equal(true);
    expect([...sut.runtime.containers.keys()].sort()).to.deep.equal(['metacrypt-api', 'metacrypt-web']);
    expect(sut.journal.entries.size).to.equal(0);
  });

  it('a recovery that cannot restore keeps the entry and says so; a later start finishes it', async () => {
    const sut = await deployedV1();
    sut.runtime.failNext.run.add('metacrypt-web');
    const refusal = refuseAlways(sut, 'rename metacrypt-api.mcp-prev metacrypt-api');
    await sut.deploy.execute({ spec: V2() });
    const first = await sut.recoverDeploys.execute();
    expect(first.undone).to.have.length(1);
    expect(first.undone[0]!.problems[0]).to.match(/^api: .*engine refused \(now: metacrypt-api absent, metacrypt-api\.mcp-prev exited\)$/);
    expect(first.cleaned).to.deep.equal([]);
    expect(sut.journal.entries.size).to.equal(1);

    refusal.stop();
    const second = await sut.recoverDeploys.execute();
    expect(second.undone).to.deep.equal([{ service: 'metacrypt', problems: [] }]);
    expect(node(sut)).to.deep.equal([
      ['metacrypt-api', 'reg/metacrypt:v1.2.0', 'running'],
      ['metacrypt-web', 'reg/metacrypt-web:v1.2.0', 'running'],
    ]);
    expect(sut.journal.entries.size).to.equal(0);
  });

  it('a component with nothing left to put back (both containers removed by hand) is reported once, and does not block the service', async () => {
    const sut = await deployedV1();
    sut.runtime.failNext.run.add('metacrypt-web');
    const refusal = refuseAlways(sut, 'rename metacrypt-api.mcp-prev metacrypt-api');
    await sut.deploy.execute({ spec: V2() });
    refusal.stop();
    await sut.runtime.remove('metacrypt-api.mcp-prev');
    const report = await sut.recoverDeploys.execute();
    expect(report.undone[0]!.problems[0]).to.contain('api: metacrypt-api is gone and there is no metacrypt-api.mcp-prev to put back');
    expect(sut.journal.entries.size).to.equal(0);
    const again = await sut.deploy.execute({ spec: V2() });
    expect(again.results.every((r) => r.ok)).to.equal(true);
  });

  it('a .mcp-prev removed from outside during the deploy is not taken for the old container: the answer says the old one is lost', async () => {
    const sut = await deployedV1();
    sut.runtime.failNext.run.add('metacrypt-web');
    sut.runtime.onCall = async (c) => {
      // Another hand on the node, while the deploy is at web.
      if (c === 'run metacrypt-web') sut.runtime.containers.delete('metacrypt-api.mcp-prev');
    };
    const out = await sut.deploy.execute({ spec: V2() });
    const api = out.results.find((r) => r.component === 'api')!;
    expect(api.error!.message).to.contain('metacrypt-api.mcp-prev was removed from outside the deploy and metacrypt-api is its new container');
    expect(api.error!.message).to.contain('nothing is left to put back');
    expect(sut.journal.entries.size).to.equal(0);
  });
});
