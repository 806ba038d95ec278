import { expect } from 'chai';
import { ErrorCode } from '../../src/domain/errors/domain-error';
import { LABEL_COMPONENT, LABEL_SERVICE } from '../../src/domain/service/container-spec';
import { rejection } from '../support/rejection';
import { spec } from './contract-spec';
import { runtimeFaultsContract } from './runtime-faults.contract';
import { runtimeStreamsContract } from './runtime-streams.contract';
import type { RuntimeUnderTest } from './runtime-under-test';

export type { RuntimeUnderTest } from './runtime-under-test';

/**
 * What the use cases rely on from any ContainerRuntime. Run against the
 * FakeRuntime and the real PodmanRuntime, so the fake cannot drift from podman.
 * `setup` runs once per suite (podman is slow); names are unique per test.
 */
export function runtimeContract(label: string, setup: () => RuntimeUnderTest | Promise<RuntimeUnderTest>, configure?: (ctx: Mocha.Suite) => void): void {
  describe(`ContainerRuntime contract: ${label}`, function () {
    this.timeout(120_000);
    configure?.(this);
    let t: RuntimeUnderTest;
    before(async function () {
      t = await setup();
      // Every test below runs containers from this image.
      await t.runtime.pull(t.pullableImage);
    });

    it('pulls an image it can find, after which the node has it', async () => {
      expect(await t.runtime.hasImage(t.pullableImage)).to.equal(true);
    });

    it('fails a pull it cannot do with IMAGE_PULL_FAILED naming the image', async () => {
      const e = await rejection(t.runtime.pull(t.missingImage));
      expect(e.code).to.equal(ErrorCode.ImagePullFailed);
      expect(e.message).to.contain(t.missingImage);
      expect(await t.runtime.hasImage(t.missingImage)).to.equal(false);
    });

    it('runs a container that list shows running, with its labels', async () => {
      const name = t.name('run');
      await t.runtime.run(spec(name, t.pullableImage));
      const found = (await t.runtime.list()).find((c) => c.name === name);
      expect(found).to.not.equal(undefined);
      expect(found!.state).to.equal('running');
      expect(found!.image).to.equal(t.pullableImage);
      expect(found!.labels).to.include({ [LABEL_SERVICE]: name, [LABEL_COMPONENT]: 'main' });
      expect(found!.startedAt).to.be.instanceOf(Date);
    });

    it('refuses to run a second container with a name in use (RUNTIME_FAILED)', async () => {
      const name = t.name('dup');
      await t.runtime.run(spec(name, t.pullableImage));
      const e = await rejection(t.runtime.run(spec(name, t.pullableImage)));
      expect(e.code).to.equal(ErrorCode.RuntimeFailed);
      expect(e.message).to.contain(name);
    });

    it('never pulls in run: an image not on the node is RUNTIME_FAILED', async () => {
      const e = await rejection(t.runtime.run(spec(t.name('noimg'), t.missingImage)));
      expect(e.code).to.equal(ErrorCode.RuntimeFailed);
    });

    it('stops a running container, and stopping it again is not an error', async () => {
      const name = t.name('stop');
      await t.runtime.run(spec(name, t.pullableImage));
      await t.runtime.stop(name);
      await t.runtime.stop(name);
      const [d] = await t.runtime.inspect([name]);
      expect(d!.state).to.be.oneOf(['exited', 'stopped']);
    });

    it('starts a stopped container again', async () => {
      const name = t.name('start');
      await t.runtime.run(spec(name, t.pullableImage));
      await t.runtime.stop(name);
      await t.runtime.start(name);
      const found = (await t.runtime.list()).find((c) => c.name === name);
      expect(found!.state).to.equal('running');
    });

    it('answers CONTAINER_NOT_FOUND for stop and start of an absent container', async () => {
      const name = t.name('absent');
      expect((await rejection(t.runtime.stop(name))).code).to.equal(ErrorCode.ContainerNotFound);
      expect((await rejection(t.runtime.start(name))).code).to.equal(ErrorCode.ContainerNotFound);
    });

    it('removes a running container, and removing an absent one is not an error', async () => {
      const name = t.name('rm');
      await t.runtime.run(spec(name, t.pullableImage));
      await t.runtime.remove(name);
      expect((await t.runtime.list()).map((c) => c.name)).to.not.include(name);
      await t.runtime.remove(name);
    });

    it('renames a container, keeping its state; an absent one is CONTAINER_NOT_FOUND, a taken name RUNTIME_FAILED', async () => {
      const from = t.name('renfrom');
      const to = t.name('rento');
      const other = t.name('renother');
      await t.runtime.run(spec(from, t.pullableImage));
      await t.runtime.run(spec(other, t.pullableImage));
      await t.runtime.rename(from, to);
      const names = (await t.runtime.list()).filter((c) => c.state === 'running').map((c) => c.name);
      expect(names).to.include(to);
      expect(names).to.not.include(from);
      expect((await rejection(t.runtime.rename(from, t.name('renx')))).code).to.equal(ErrorCode.ContainerNotFound);
      expect((await rejection(t.runtime.rename(to, other))).code).to.equal(ErrorCode.RuntimeFailed);
    });

    it('reports the image ID a container runs, the same in list and inspect', async () => {
      const name = t.name('imgid');
      await t.runtime.run(spec(name, t.pullableImage));
      const listed = (await t.runtime.list()).find((c) => c.name === name);
      const [inspected] = await t.runtime.inspect([name]);
      expect(listed!.imageId).to.be.a('string').and.not.equal('');
      expect(inspected!.imageId).to.equal(listed!.imageId);
    });

    it('inspects a local image by reference and by ID (the ID its containers report); an absent one is undefined', async () => {
      const name = t.name('imginfo');
      await t.runtime.run(spec(name, t.pullableImage));
      const [running] = await t.runtime.inspect([name]);
      const info = await t.runtime.inspectImage(t.pullableImage);
      expect(info?.id).to.equal(running!.imageId);
      expect((await t.runtime.inspectImage(info!.id))?.id).to.equal(info!.id);
      expect(await t.runtime.inspectImage(t.missingImage)).to.equal(undefined);
    });

    it('inspects several names at once; absent names are just missing', async () => {
      const a = t.name('insa');
      const b = t.name('insb');
      await t.runtime.run(spec(a, t.pullableImage, { env: { ONLY_A: '1' }, cmd: ['sleep', '300'] }));
      await t.runtime.run(spec(b, t.pullableImage));
      const details = await t.runtime.inspect([a, t.name('ghost'), b]);
      expect(details.map((d) => d.name)).to.have.members([a, b]);
      const da = details.find((d) => d.name === a)!;
      expect(da.env).to.deep.equal({ ONLY_A: '1' });
      expect(da.cmd).to.deep.equal(['sleep', '300']);
      expect(da.restart).to.equal('no');
      expect(details.find((d) => d.name === b)!.cmd).to.deep.equal([]);
      expect(await t.runtime.inspect([t.name('ghost')])).to.deep.equal([]);
      expect(await t.runtime.inspect([])).to.deep.equal([]);
    });

    runtimeStreamsContract(() => t);
    runtimeFaultsContract(() => t);
  });
}
