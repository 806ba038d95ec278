import { expect } from 'chai';
import { rejection } from '../../support/rejection';
import { imageIdOf } from '../../fakes/fake-runtime';
import { makeSut, publish, spec } from '../agent/agent-sut';

const withSecrets = (image = 'reg/metacrypt:v1.2.0') =>
  spec({
    components: [
      { name: 'api', image, secrets: { DB_PASSWORD: 'db-password' }, secretFiles: { '/run/secrets/tls.key': 'tls-key' } },
      { name: 'web', image: 'reg/metacrypt-web:v1.2.0' },
    ],
  });

async function sutWithSecrets() {
  const sut = makeSut();
  publish(sut.runtime, withSecrets());
  publish(sut.runtime, withSecrets('reg/metacrypt:v1.3.0'));
  await sut.secrets.set({ service: 'metacrypt', name: 'db-password', value: Buffer.from('pw-1'), caller: 'kyle' });
  await sut.secrets.set({ service: 'metacrypt', name: 'tls-key', value: Buffer.from('key-1'), caller: 'kyle' });
  return sut;
}

/** Deploys, then lets the fake know each local image by its ID too (as podman does), for rollbacks. */
async function deploy(sut: ReturnType<typeof makeSut>, s: ReturnType<typeof spec>) {
  const out = await sut.deploy.execute({ spec: s });
  for (const image of sut.runtime.localImages) sut.runtime.localImages.add(imageIdOf(image));
  return out;
}

const mountsOf = (sut: ReturnType<typeof makeSut>, container: string) =>
  (sut.runtime.runSpecs.get(container)?.secrets ?? []).map((m) => [m.kind, m.target, m.secret, m.version, Buffer.from(m.value).toString()]);

describe('deploy with secrets', () => {
  it('refuses a reference the node does not hold before any pull, naming service, component and key', async () => {
    const sut = makeSut();
    publish(sut.runtime, withSecrets());
    await sut.secrets.set({ service: 'metacrypt', name: 'db-password', value: Buffer.from('pw'), caller: 'kyle' });
    const e = await rejection(sut.deploy.execute({ spec: withSecrets() }));
    expect(e.code).to.equal('SECRET_NOT_FOUND');
    expect(e.message).to.equal('service metacrypt component api: secret_files."/run/secrets/tls.key": node rift holds no secret tls-key (mcp secret set metacrypt tls-key)');
    expect(sut.runtime.calls).to.deep.equal([]);
    expect(await sut.registry.getService('metacrypt')).to.equal(undefined);
  });

  it('refuses an env secret holding a NUL byte before any pull, naming it and never its value; the same value mounts as a file', async () => {
    const sut = makeSut();
    publish(sut.runtime, withSecrets());
    await sut.secrets.set({ service: 'metacrypt', name: 'db-password', value: Buffer.from('pw\0tail'), caller: 'kyle' });
    await sut.secrets.set({ service: 'metacrypt', name: 'tls-key', value: Buffer.from('key\0bytes'), caller: 'kyle' });
    const e = await rejection(sut.deploy.execute({ spec: withSecrets() }));
    expect(e.code).to.equal('INVALID_ARGUMENT');
    expect(e.message).to.equal('service metacrypt component api: secrets.DB_PASSWORD: secret db-password holds a NUL byte, which no environment variable can carry; mount it with secret_files instead');
    expect(sut.runtime.calls).to.deep.equal([]);
    await sut.secrets.set({ service: 'metacrypt', name: 'db-password', value: Buffer.from('pw'), caller: 'kyle' });
    expect((await sut.deploy.execute({ spec: withSecrets() })).results.every((r) => r.ok)).to.equal(true);
    expect(mountsOf(sut, 'metacrypt-api')[1]).to.deep.equal(['file', '/run/secrets/tls.key', 'tls-key', 1, 'key\0bytes']);
  });

  it('hands each container the current values as env and file mounts, never in env or labels, and records the versions', async () => {
    const sut = await sutWithSecrets();
    await sut.secrets.set({ service: 'metacrypt', name: 'db-password', value: Buffer.from('pw-2'), caller: 'kyle' });
    const outcome = await sut.deploy.execute({ spec: withSecrets() });
    expect(outcome.results.every((r) => r.ok)).to.equal(true);
    expect(mountsOf(sut, 'metacrypt-api')).to.deep.equal([
      ['env', 'DB_PASSWORD', 'db-password', 2, 'pw-2'],
      ['file', '/run/secrets/tls.key', 'tls-key', 1, 'key-1'],
    ]);
    const api = sut.runtime.runSpecs.get('metacrypt-api')!;
    expect(JSON.stringify({ env: api.env, labels: api.labels })).to.not.contain('pw-2');
    expect(sut.runtime.runSpecs.get('metacrypt-web')!.secrets).to.equal(undefined);
    const [revision] = await sut.registry.listRevisions('metacrypt');
    expect(revision!.components.map((c) => c.secrets)).to.deep.equal([{ 'db-password': 2, 'tls-key': 1 }, undefined]);
  });

  it('rollback runs the versions the revision ran while they are kept', async () => {
    const sut = await sutWithSecrets();
    await deploy(sut, withSecrets());
    await sut.secrets.set({ service: 'metacrypt', name: 'db-password', value: Buffer.from('pw-2'), caller: 'kyle' });
    await deploy(sut, withSecrets('reg/metacrypt:v1.3.0'));
    expect(mountsOf(sut, 'metacrypt-api')[0]).to.deep.equal(['env', 'DB_PASSWORD', 'db-password', 2, 'pw-2']);
    // Version 1 is kept: revision 1 ran it.
    const back = await sut.rollback.execute({ service: 'metacrypt' });
    expect(back.outcome.results.filter((r) => !r.ok)).to.deep.equal([]);
    expect(mountsOf(sut, 'metacrypt-api')[0]).to.deep.equal(['env', 'DB_PASSWORD', 'db-password', 1, 'pw-1']);
  });

  it('rollback says so when a version the revision ran is no longer kept', async () => {
    const sut = await sutWithSecrets();
    await deploy(sut, withSecrets());
    await sut.secrets.set({ service: 'metacrypt', name: 'db-password', value: Buffer.from('pw-2'), caller: 'kyle' });
    await deploy(sut, withSecrets('reg/metacrypt:v1.3.0'));
    // Revision 1 says it ran version 1; the store no longer has it (as after its revision aged out).
    sut.secretStore.versions.splice(sut.secretStore.versions.findIndex((v) => v.name === 'db-password' && v.version === 1), 1);
    const e = await rejection(sut.rollback.execute({ service: 'metacrypt' }));
    expect(e.code).to.equal('SECRET_NOT_FOUND');
    expect(e.message).to.contain('ran version 1 of secret db-password, which node rift no longer keeps');
    expect(mountsOf(sut, 'metacrypt-api')[0]).to.deep.equal(['env', 'DB_PASSWORD', 'db-password', 2, 'pw-2']);
  });

  it('start re-runs a removed container with the current values', async () => {
    const sut = await sutWithSecrets();
    await deploy(sut, withSecrets());
    await sut.runtime.remove('metacrypt-api');
    await sut.secrets.set({ service: 'metacrypt', name: 'tls-key', value: Buffer.from('key-2'), caller: 'kyle' });
    await sut.start.execute('metacrypt');
    expect(mountsOf(sut, 'metacrypt-api')[1]).to.deep.equal(['file', '/run/secrets/tls.key', 'tls-key', 2, 'key-2']);
  });

  it('live check names the secrets set since the deploy; the next deploy applies them', async () => {
    const sut = await sutWithSecrets();
    await sut.deploy.execute({ spec: withSecrets() });
    const changed = async () => (await sut.liveCheck.execute()).services[0]!.components.map((c) => [c.name, c.changedSecrets ?? []]);
    expect(await changed()).to.deep.equal([['api', []], ['web', []]]);
    await sut.secrets.set({ service: 'metacrypt', name: 'db-password', value: Buffer.from('pw-2'), caller: 'kyle' });
    expect(await changed()).to.deep.equal([['api', ['db-password']], ['web', []]]);
    await sut.deploy.execute({ spec: withSecrets() });
    expect(await changed()).to.deep.equal([['api', []], ['web', []]]);
    expect(mountsOf(sut, 'metacrypt-api')[0]).to.deep.equal(['env', 'DB_PASSWORD', 'db-password', 2, 'pw-2']);
  });

  it('live check asked about secret references names those the node does not hold (plan: the deploy would be refused)', async () => {
    const sut = makeSut();
    await sut.secrets.set({ service: 'metacrypt', name: 'db-password', value: Buffer.from('pw'), caller: 'kyle' });
    const view = await sut.liveCheck.execute({
      secretRefs: [
        { service: 'metacrypt', name: 'db-password' },
        { service: 'metacrypt', name: 'tls-key' },
        { service: 'metacrypt', name: 'tls-key' },
        { service: 'other', name: 'db-password' },
      ],
    });
    expect(view.missingSecrets).to.deep.equal([
      { service: 'metacrypt', name: 'tls-key' },
      { service: 'other', name: 'db-password' },
    ]);
    expect((await sut.liveCheck.execute()).missingSecrets).to.equal(undefined);
    expect((await rejection(sut.liveCheck.execute({ secretRefs: [{ service: '../x', name: 'a' }] }))).code).to.equal('INVALID_NAME');
  });
});
