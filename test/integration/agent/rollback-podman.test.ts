import { expect } from 'chai';
import type { GrpcAgentGateway } from '../../../src/adapters/grpc/client/grpc-agent.gateway';
import { ErrorCode } from '../../../src/domain/errors/domain-error';
import { createServiceSpec } from '../../../src/domain/service/service-spec';
import { type RunningAgent, adminGateway, startAgentProcess } from '../../support/agent/agent-process';
import { usePodmanFixture } from '../../support/podman/podman-fixture';
import { rejection } from '../../support/rejection';

/**
 * Revisions against the real thing: an mcp-agent process, real podman, the
 * local docker-registry. The tag :latest moves under the service; a rollback
 * must still run the image the revision ran (by ID, or pulled by digest).
 */
describe('Rollback with real podman and a registry whose :latest moves', function () {
  this.timeout(300000);
  const pod = usePodmanFixture();
  let agent: RunningAgent;
  let gw: GrpcAgentGateway;
  let service: string;
  let latest: string;
  let localOnly: string;

  const runningImageId = async (container: string): Promise<string> => (await pod().podman(['container', 'inspect', '--format={{.Image}}', container])).stdout.trim();
  const imageId = async (ref: string): Promise<string> => (await pod().podman(['image', 'inspect', '--format={{.Id}}', ref])).stdout.trim();
  const specFor = (image: string, pull: 'always' | 'never' = 'always') => createServiceSpec({ name: service, node: 'rift', components: [{ name: service, image, pull }] }, 'test');

  before(async () => {
    agent = await startAgentProcess({ env: { ...pod().env } });
    gw = adminGateway(agent);
    service = pod().name('rb');
    localOnly = `localhost/${service}:only-here`;
  });
  after(async () => {
    gw?.close();
    await agent?.cleanup();
    await pod().podman(['rmi', '--force', '--ignore', localOnly]).catch(() => undefined);
  });

  let firstId: string;
  let secondId: string;

  it('records each deploy of :latest with the image ID and repo digest it ran, and the caller from the token', async () => {
    latest = await pod().publishImage(service, 'latest', { env: { APP_VERSION: 'one' } });
    expect((await gw.deploy({ spec: specFor(latest) })).results.map((r) => r.ok)).to.deep.equal([true]);
    firstId = await runningImageId(service);
    // The tag moves in the registry: same reference, another image.
    await pod().publishImage(service, 'latest', { env: { APP_VERSION: 'two' } });
    await gw.deploy({ spec: specFor(latest) });
    secondId = await runningImageId(service);
    expect(secondId).to.not.equal(firstId);

    const h = await gw.history(service);
    expect(h.current).to.equal(2);
    expect(h.revisions.map((r) => [r.number, r.result, r.by])).to.deep.equal([
      [2, 'deployed', 'kyle'],
      [1, 'deployed', 'kyle'],
    ]);
    const [second, first] = h.revisions;
    expect(first!.components[0]).to.deep.include({ image: latest, imageId: firstId });
    expect(second!.components[0]).to.deep.include({ image: latest, imageId: secondId });
    const repo = latest.slice(0, latest.lastIndexOf(':'));
    expect(first!.components[0]!.repoDigest).to.match(new RegExp(`^${repo.replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`));
    expect(second!.components[0]!.repoDigest).to.not.equal(first!.components[0]!.repoDigest);
  });

  it('rollback runs the first image ID although :latest names another image now, and becomes revision 3 "rollback to 1"', async () => {
    const r = await gw.rollback({ service });
    expect([r.to, r.revision]).to.deep.equal([1, 3]);
    expect(r.outcome.results.map((x) => [x.ok, x.observed])).to.deep.equal([[true, 'running']]);
    expect(await runningImageId(service)).to.equal(firstId);
    expect(r.spec.components[0]!.image).to.equal(latest);
    const h = await gw.history(service);
    expect([h.current, h.revisions[0]!.note, h.revisions[0]!.components[0]!.imageId]).to.deep.equal([3, 'rollback to 1', firstId]);
  });

  it('pulls by digest when the image was removed from the node', async () => {
    await gw.rollback({ service, to: 2 });
    expect(await runningImageId(service)).to.equal(secondId);
    await pod().podman(['rmi', '--force', firstId]);
    expect((await pod().podman(['image', 'exists', firstId]).then(() => true, () => false))).to.equal(false);
    const digest = (await gw.history(service)).revisions.find((x) => x.number === 1)!.components[0]!.repoDigest!;

    const r = await gw.rollback({ service, to: 1 });
    expect(r.revision).to.equal(5);
    expect(await runningImageId(service)).to.equal(firstId);
    expect(await imageId(digest)).to.equal(firstId);
  });

  it('refuses clearly, changing nothing, when the image is gone and was never in a registry', async () => {
    // A tag only this node knows: no repo digest of its own repository.
    await pod().podman(['tag', secondId, localOnly]);
    await gw.deploy({ spec: specFor(localOnly, 'never') });
    const localRevision = (await gw.history(service)).current!;
    expect((await gw.history(service)).revisions[0]!.components[0]!.repoDigest).to.equal(undefined);
    await gw.rollback({ service, to: 5 });
    await pod().podman(['rmi', '--force', localOnly]);
    await pod().podman(['rmi', '--force', secondId]);
    const before = await gw.history(service);

    const e = await rejection(gw.rollback({ service, to: localRevision }));
    expect(e.code).to.equal(ErrorCode.ImageUnavailable);
    expect(e.message).to.contain(`component ${service} ran image ${localOnly}`);
    expect(e.message).to.contain('no longer on node rift and has no repo digest');
    expect(await runningImageId(service)).to.equal(firstId);
    expect((await gw.history(service)).revisions.length).to.equal(before.revisions.length);
  });

  it('bad input: an unknown revision, a service the node does not know — each refused, nothing changed', async () => {
    const before = await gw.history(service);
    const unknown = await rejection(gw.rollback({ service, to: 99 }));
    expect([unknown.code, unknown.message]).to.deep.equal([ErrorCode.RevisionNotFound, `node rift: service ${service} has no revision 99 on node rift (kept: ${before.revisions.filter((r) => r.number !== undefined).map((r) => r.number).join(', ')})`]);
    expect((await rejection(gw.rollback({ service: pod().name('ghost') }))).code).to.equal(ErrorCode.ServiceNotFound);
    expect((await rejection(gw.history(pod().name('ghost')))).code).to.equal(ErrorCode.ServiceNotFound);
    expect((await gw.history(service)).revisions).to.deep.equal(before.revisions);
  });
});
