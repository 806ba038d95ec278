import { expect } from 'chai';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import { repoDigestFor, repositoryOf } from '../../../src/domain/revision/revision';
import { imageIdOf } from '../../fakes/fake-runtime';
import { rejection } from '../../support/rejection';
import { NODE, makeSut, publish, spec } from './agent-sut';

const v = (tag: string) => spec({ components: [{ name: 'api', image: `reg/metacrypt:${tag}` }, { name: 'web', image: 'reg/metacrypt-web:v1.2.0' }] });

/** Deploys `tags` in turn, each published first; the runtime knows every image by its ID too, as an engine does. */
async function deployedTags(...tags: string[]) {
  const sut = makeSut();
  for (const tag of tags) {
    publish(sut.runtime, v(tag));
    const out = await sut.deploy.execute({ spec: v(tag), caller: 'kyle' });
    expect(out.results.every((r) => r.ok), JSON.stringify(out)).to.equal(true);
    for (const image of sut.runtime.localImages) sut.runtime.localImages.add(imageIdOf(image));
    sut.clock.advance(60_000);
  }
  return sut;
}

async function code(p: Promise<unknown>): Promise<string> {
  return ((await rejection(p)) as DomainError).code;
}

describe('Revisions', () => {
  describe('recording', () => {
    it('makes every successful deploy the next revision: time, caller, spec, image ID and repo digest per component', async () => {
      const sut = makeSut();
      publish(sut.runtime, v('v1'));
      sut.runtime.repoDigests.set('reg/metacrypt:v1', ['other/repo@sha256:00', 'reg/metacrypt@sha256:aa']);
      const out = await sut.deploy.execute({ spec: v('v1'), caller: 'kyle' });
      expect(out.revision).to.equal(1);
      const [rev] = await sut.registry.listRevisions('metacrypt');
      expect(rev).to.deep.include({ number: 1, by: 'kyle', result: 'deployed', note: '', at: sut.clock.now() });
      expect(rev!.spec).to.deep.equal(v('v1'));
      expect(rev!.components).to.deep.equal([
        { name: 'api', image: 'reg/metacrypt:v1', imageId: imageIdOf('reg/metacrypt:v1'), repoDigest: 'reg/metacrypt@sha256:aa' },
        { name: 'web', image: 'reg/metacrypt-web:v1.2.0', imageId: imageIdOf('reg/metacrypt-web:v1.2.0') },
      ]);
    });

    it('keeps a failed attempt without a number, saying why, and the next success is still N+1', async () => {
      const sut = await deployedTags('v1');
      const out = await sut.deploy.execute({ spec: v('v2'), caller: 'ann' });
      expect(out.revision).to.equal(undefined);
      publish(sut.runtime, v('v3'));
      expect((await sut.deploy.execute({ spec: v('v3') })).revision).to.equal(2);
      const history = await sut.registry.listRevisions('metacrypt');
      expect(history.map((h) => [h.number, h.result, h.by])).to.deep.equal([
        [2, 'deployed', 'unknown'],
        [undefined, 'failed', 'ann'],
        [1, 'deployed', 'kyle'],
      ]);
      expect(history[1]!.note).to.match(/^api: .*manifest unknown/);
      expect(history[1]!.components.map((c) => c.image)).to.deep.equal(['reg/metacrypt:v2', 'reg/metacrypt-web:v1.2.0']);
    });

    it('a one-component deploy becomes a revision of the whole service, the other component as the last revision had it', async () => {
      const sut = await deployedTags('v1');
      publish(sut.runtime, v('v2'));
      const out = await sut.deploy.execute({ spec: v('v2'), component: 'api' });
      expect(out.revision).to.equal(2);
      const [rev] = await sut.registry.listRevisions('metacrypt');
      expect(rev!.components.map((c) => [c.name, c.image, c.imageId])).to.deep.equal([
        ['api', 'reg/metacrypt:v2', imageIdOf('reg/metacrypt:v2')],
        ['web', 'reg/metacrypt-web:v1.2.0', imageIdOf('reg/metacrypt-web:v1.2.0')],
      ]);
    });

    it('a failed first deploy leaves no service and so no history; the deploy event of a success names its revision', async () => {
      const sut = makeSut();
      publish(sut.runtime, v('v1'));
      sut.runtime.failNext.run.add('metacrypt-web');
      expect((await sut.deploy.execute({ spec: v('v1') })).revision).to.equal(undefined);
      expect(await sut.registry.listRevisions('metacrypt')).to.deep.equal([]);
      await sut.deploy.execute({ spec: v('v1') });
      const [event] = await sut.registry.listEvents({ service: 'metacrypt', kinds: ['deploy'] });
      expect(event).to.deep.include({ outcome: 'deployed', revision: 1 });
    });

    it('a rollback is undone by the gate like any deploy: the containers of the current revision come back', async () => {
      const sut = await deployedTags('v1', 'v2');
      sut.runtime.failNext.run.add('metacrypt-web');
      const r = await sut.rollback.execute({ service: 'metacrypt' });
      expect(r.outcome.results.map((x) => [x.component, x.ok, x.restored])).to.deep.equal([
        ['api', false, true],
        ['web', false, true],
      ]);
      expect(sut.runtime.containers.get('metacrypt-api')!.image).to.equal('reg/metacrypt:v2');
      expect((await sut.registry.getService('metacrypt'))!.components[0]!.spec.image).to.equal('reg/metacrypt:v2');
      const [last] = await sut.registry.listRevisions('metacrypt');
      expect(last!.note).to.match(/^rollback to 1: web: /);
      const [event] = await sut.registry.listEvents({ service: 'metacrypt', kinds: ['deploy'] });
      expect(event).to.deep.include({ outcome: 'failed' });
    });

    it('keeps keep_revisions revisions', async () => {
      const sut = await deployedTags('v1', 'v2', 'v3', 'v4');
      expect((await sut.history.execute('metacrypt')).revisions.map((r) => r.number)).to.deep.equal([4, 3, 2]);
    });

    it('a repo digest that cannot be read leaves the revision without one', async () => {
      const sut = makeSut();
      publish(sut.runtime, v('v1'));
      sut.runtime.onCall = async (call) => {
        if (call.startsWith('inspectImage')) throw new DomainError(ErrorCode.RuntimeFailed, 'boom');
      };
      expect((await sut.deploy.execute({ spec: v('v1') })).revision).to.equal(1);
      const { components } = (await sut.registry.listRevisions('metacrypt'))[0]!;
      expect(components.map((c) => [c.name, c.repoDigest, c.imageId !== ''])).to.deep.equal([
        ['api', undefined, true],
        ['web', undefined, true],
      ]);
      expect(sut.runtime.calls.filter((c) => c.startsWith('inspectImage'))).to.not.deep.equal([]);
    });
  });

  describe('history', () => {
    it('answers newest first with the current revision', async () => {
      const sut = await deployedTags('v1', 'v2');
      const h = await sut.history.execute('metacrypt');
      expect([h.service, h.node, h.current]).to.deep.equal(['metacrypt', NODE, 2]);
      expect(h.revisions.map((r) => r.number)).to.deep.equal([2, 1]);
    });

    it('a service deployed before revisions existed has an empty history and no current', async () => {
      const sut = makeSut();
      publish(sut.runtime, v('v1'));
      await sut.registry.saveService({ name: 'metacrypt', node: NODE, active: true, components: [] });
      const h = await sut.history.execute('metacrypt');
      expect(h.revisions).to.deep.equal([]);
      expect(h.current).to.equal(undefined);
    });

    it('refuses a service the node does not know, and an invalid name', async () => {
      const sut = makeSut();
      expect(await code(sut.history.execute('ghost'))).to.equal(ErrorCode.ServiceNotFound);
      expect(await code(sut.history.execute('-rf'))).to.equal(ErrorCode.InvalidName);
    });
  });

  describe('rollback', () => {
    it('deploys the revision before the current one by its image ID even when the tag moved, as a new revision "rollback to N"', async () => {
      const sut = await deployedTags('latest');
      // The tag moves: the same reference now names another image.
      const firstId = imageIdOf('reg/metacrypt:latest');
      sut.runtime.localImages.delete('reg/metacrypt:latest');
      publish(sut.runtime, v('v2'));
      await sut.deploy.execute({ spec: v('v2') });
      sut.runtime.calls.length = 0;

      const r = await sut.rollback.execute({ service: 'metacrypt', caller: 'kyle' });
      expect([r.to, r.revision, r.outcome.revision]).to.deep.equal([1, 3, 3]);
      expect(r.spec).to.deep.equal(v('latest'));
      expect(sut.runtime.containers.get('metacrypt-api')!.image).to.equal(firstId);
      expect(sut.runtime.callsOf('pull')).to.deep.equal([]);
      const [rev] = await sut.registry.listRevisions('metacrypt');
      expect(rev).to.deep.include({ number: 3, note: 'rollback to 1', by: 'kyle' });
      expect(rev!.spec.components[0]!.image).to.equal('reg/metacrypt:latest');
      expect(rev!.components[0]!.imageId).to.equal(firstId);
      expect((await sut.registry.getService('metacrypt'))!.components[0]!.spec.image).to.equal('reg/metacrypt:latest');
    });

    it('pulls by repo digest when the image is gone from the node', async () => {
      const sut = makeSut();
      publish(sut.runtime, v('v1'));
      sut.runtime.repoDigests.set('reg/metacrypt:v1', ['reg/metacrypt@sha256:aa']);
      await sut.deploy.execute({ spec: v('v1') });
      publish(sut.runtime, v('v2'));
      await sut.deploy.execute({ spec: v('v2') });
      sut.runtime.localImages.add(imageIdOf('reg/metacrypt-web:v1.2.0'));
      sut.runtime.localImages.delete('reg/metacrypt:v1');
      sut.runtime.published.add('reg/metacrypt@sha256:aa');
      sut.runtime.calls.length = 0;
      const r = await sut.rollback.execute({ service: 'metacrypt', to: 1 });
      expect(r.outcome.results.every((x) => x.ok)).to.equal(true);
      expect(sut.runtime.callsOf('pull')).to.deep.equal(['pull reg/metacrypt@sha256:aa']);
      expect(sut.runtime.containers.get('metacrypt-api')!.image).to.equal('reg/metacrypt@sha256:aa');
    });

    it('refuses, changing nothing, when the image is gone and has no digest', async () => {
      const sut = await deployedTags('v1', 'v2');
      for (const image of [...sut.runtime.localImages]) if (image.includes(':v1') || image === imageIdOf('reg/metacrypt:v1')) sut.runtime.localImages.delete(image);
      sut.runtime.calls.length = 0;
      const e = (await rejection(sut.rollback.execute({ service: 'metacrypt' }))) as DomainError;
      expect(e.code).to.equal(ErrorCode.ImageUnavailable);
      expect(e.message).to.match(/component api ran image reg\/metacrypt:v1 .* no longer on node rift and has no repo digest/);
      expect(sut.runtime.calls.filter((c) => !c.startsWith('inspectImage'))).to.deep.equal([]);
      expect((await sut.registry.listRevisions('metacrypt')).length).to.equal(2);
    });

    it('goes to the revision asked for with --to', async () => {
      const sut = await deployedTags('v1', 'v2', 'v3');
      const r = await sut.rollback.execute({ service: 'metacrypt', to: 1 });
      expect([r.to, r.revision]).to.deep.equal([1, 4]);
      expect(sut.runtime.containers.get('metacrypt-api')!.image).to.equal(imageIdOf('reg/metacrypt:v1'));
    });

    it('asked while a deploy runs, waits for it and goes back from the revision that deploy made', async () => {
      const sut = await deployedTags('v1', 'v2');
      publish(sut.runtime, v('v3'));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      sut.runtime.onCall = (call) => (call.startsWith('pull') ? held : Promise.resolve());
      const deploying = sut.deploy.execute({ spec: v('v3') });
      const rollingBack = sut.rollback.execute({ service: 'metacrypt' });
      await new Promise((resolve) => setImmediate(resolve));
      sut.runtime.onCall = undefined;
      release();
      expect((await deploying).revision).to.equal(3);
      const r = await rollingBack;
      expect([r.to, r.revision]).to.deep.equal([2, 4]);
      expect(sut.runtime.containers.get('metacrypt-api')!.image).to.equal(imageIdOf('reg/metacrypt:v2'));
    });

    it('a second rollback goes back to what the first replaced', async () => {
      const sut = await deployedTags('v1', 'v2');
      await sut.rollback.execute({ service: 'metacrypt' });
      const r = await sut.rollback.execute({ service: 'metacrypt' });
      expect([r.to, r.revision]).to.deep.equal([2, 4]);
    });

    it('a rollback whose deploy fails is a failed attempt, not a revision', async () => {
      const sut = await deployedTags('v1', 'v2');
      sut.runtime.failNext.run.add('metacrypt-api');
      const r = await sut.rollback.execute({ service: 'metacrypt' });
      expect(r.revision).to.equal(undefined);
      const [last] = await sut.registry.listRevisions('metacrypt');
      expect([last!.number, last!.result]).to.deep.equal([undefined, 'failed']);
      expect(last!.note).to.match(/^rollback to 1: api: /);
    });

    it('bad input: unknown revision, no previous revision, unknown service, a bad number — each refused, nothing changed', async () => {
      const sut = await deployedTags('v1');
      sut.runtime.calls.length = 0;
      const unknown = (await rejection(sut.rollback.execute({ service: 'metacrypt', to: 7 }))) as DomainError;
      expect([unknown.code, unknown.message]).to.deep.equal([ErrorCode.RevisionNotFound, 'service metacrypt has no revision 7 on node rift (kept: 1)']);
      const first = (await rejection(sut.rollback.execute({ service: 'metacrypt' }))) as DomainError;
      expect([first.code, first.message]).to.deep.equal([ErrorCode.RevisionNotFound, 'service metacrypt has no revision before the current one (1): nothing to roll back to']);
      expect(await code(sut.rollback.execute({ service: 'ghost' }))).to.equal(ErrorCode.ServiceNotFound);
      expect(await code(sut.rollback.execute({ service: 'metacrypt', to: 0 }))).to.equal(ErrorCode.InvalidArgument);
      await sut.registry.saveService({ name: 'bare', node: NODE, active: true, components: [] });
      expect(await code(sut.rollback.execute({ service: 'bare' }))).to.equal(ErrorCode.RevisionNotFound);
      expect(sut.runtime.calls).to.deep.equal([]);
      expect((await sut.registry.listRevisions('metacrypt')).length).to.equal(1);
    });
  });

  describe('image references', () => {
    it('finds the repository of a reference: tag and digest dropped, a registry port kept', () => {
      expect(repositoryOf('reg/img:v1')).to.equal('reg/img');
      expect(repositoryOf('host:5000/img')).to.equal('host:5000/img');
      expect(repositoryOf('host:5000/img:latest')).to.equal('host:5000/img');
      expect(repositoryOf('host:5000/img@sha256:ab')).to.equal('host:5000/img');
      expect(repoDigestFor('host:5000/img:latest', ['x/y@sha256:1', 'host:5000/img@sha256:2'])).to.equal('host:5000/img@sha256:2');
      expect(repoDigestFor('img', [])).to.equal(undefined);
      expect(repoDigestFor('localhost/img:x', ['localhost/img@sha256:3'])).to.equal(undefined);
      expect(repoDigestFor('localhost:5000/img:x', ['localhost:5000/img@sha256:4'])).to.equal('localhost:5000/img@sha256:4');
    });
  });
});
