import { expect } from 'chai';
import { MAX_SECRET_BYTES } from '../../../src/application/agent/secrets/secret-use-cases';
import { rejection } from '../../support/rejection';
import { makeSut as makeAgent, spec as agentSpec, publish } from '../agent/agent-sut';
import { makeSut, runMcp, spec } from '../cli/cli-sut';
import type { SecretListing } from '../../../src/application/shared/results/secret-listing';

const withSecrets = () =>
  agentSpec({
    components: [
      { name: 'api', image: 'reg/metacrypt:v1.2.0', secrets: { DB_PASSWORD: 'db-password' }, secretFiles: { '/run/secrets/tls.key': 'tls-key' } },
      { name: 'web', image: 'reg/metacrypt-web:v1.2.0', secrets: { DB_PASSWORD: 'db-password' } },
    ],
  });

describe('secret use cases on the agent', () => {
  it('set stores a new version and answers its size, time, caller and users, never the value', async () => {
    const sut = makeAgent();
    const first = await sut.secrets.set({ service: 'metacrypt', name: 'db-password', value: Buffer.from('one'), caller: 'kyle' });
    const second = await sut.secrets.set({ service: 'metacrypt', name: 'db-password', value: Buffer.from('two-2'), caller: 'ana' });
    expect(first).to.deep.equal({ name: 'db-password', set: true, version: 1, size: 3, updatedAt: sut.clock.now(), updatedBy: 'kyle', usedBy: [] });
    expect(second).to.include({ version: 2, size: 5, updatedBy: 'ana' });
    expect(JSON.stringify(second)).to.not.contain('two-2');
  });

  it('set refuses an empty value, one over the limit, and names that are not names', async () => {
    const sut = makeAgent();
    expect((await rejection(sut.secrets.set({ service: 'metacrypt', name: 'x', value: Buffer.alloc(0), caller: 'k' }))).message).to.match(/value is empty/);
    expect(await rejection(sut.secrets.set({ service: 'metacrypt', name: 'x', value: Buffer.alloc(MAX_SECRET_BYTES + 1), caller: 'k' }))).to.have.property('code', 'FILE_TOO_LARGE');
    expect(await rejection(sut.secrets.set({ service: 'metacrypt', name: 'Bad', value: Buffer.from('v'), caller: 'k' }))).to.have.property('code', 'INVALID_NAME');
    expect(sut.secretStore.versions).to.deep.equal([]);
  });

  it('list names each secret with the components that use it, and the used names the node lacks', async () => {
    const sut = makeAgent();
    publish(sut.runtime, withSecrets());
    await sut.secrets.set({ service: 'metacrypt', name: 'db-password', value: Buffer.from('pw'), caller: 'kyle' });
    await sut.secrets.set({ service: 'metacrypt', name: 'tls-key', value: Buffer.from('key'), caller: 'kyle' });
    await sut.deploy.execute({ spec: withSecrets() });
    await sut.secrets.set({ service: 'metacrypt', name: 'spare', value: Buffer.from('s'), caller: 'kyle' });
    await sut.secrets.remove({ service: 'metacrypt', name: 'spare' });
    const listed = await sut.secrets.list('metacrypt');
    expect(listed.map((s) => [s.name, s.set, s.usedBy])).to.deep.equal([
      ['db-password', true, ['api', 'web']],
      ['tls-key', true, ['api']],
    ]);
  });

  it('rm is refused while a component uses the secret, naming them; a missing one is SECRET_NOT_FOUND', async () => {
    const sut = makeAgent();
    publish(sut.runtime, withSecrets());
    await sut.secrets.set({ service: 'metacrypt', name: 'db-password', value: Buffer.from('pw'), caller: 'kyle' });
    await sut.secrets.set({ service: 'metacrypt', name: 'tls-key', value: Buffer.from('key'), caller: 'kyle' });
    await sut.deploy.execute({ spec: withSecrets() });
    const used = await rejection(sut.secrets.remove({ service: 'metacrypt', name: 'db-password' }));
    expect(used.code).to.equal('SECRET_IN_USE');
    expect(used.message).to.contain('metacrypt/api, metacrypt/web');
    expect(await rejection(sut.secrets.remove({ service: 'metacrypt', name: 'nope' }))).to.have.property('code', 'SECRET_NOT_FOUND');
  });
});

/** A secret the fake node holds (as ListSecrets answers it: no value). */
const held = (name: string): SecretListing => ({ name, set: true, version: 1, size: 8, updatedAt: new Date(0), updatedBy: 'kyle', usedBy: [] });

describe('CLI secret', () => {
  it('set reads the value from the secret input (never argv) and prints no value', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    sut.gateways.node('rift');
    sut.secretInput.value = Buffer.from('s3cr3t-value');
    const r = await runMcp(sut, ['secret', 'set', 'metacrypt', 'db-password']);
    expect(r.code).to.equal(0);
    expect(sut.secretInput.asked).to.deep.equal(['value of secret db-password for metacrypt: ']);
    expect(r.stdout).to.equal('set secret db-password of metacrypt on rift: version 1, 12 bytes\n');
    expect(r.stdout + r.stderr + JSON.stringify(sut.gateways.calls)).to.not.contain('s3cr3t-value');
  });

  it('set --from-file reads the file instead', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    sut.gateways.node('rift');
    sut.local.files.set('/tmp/tls.key', { content: Buffer.from('-----BEGIN KEY-----\n'), mode: 0o600 });
    const r = await runMcp(sut, ['secret', 'set', 'metacrypt', 'tls-key', '--from-file', '/tmp/tls.key', '--json']);
    expect(r.code).to.equal(0);
    expect(sut.secretInput.asked).to.deep.equal([]);
    expect(JSON.parse(r.stdout)).to.deep.include({ service: 'metacrypt', node: 'rift' });
    expect(r.stdout).to.not.contain('BEGIN KEY');
  });

  it('list prints name, version, size, updated, by, used by; rm removes and a missing one fails with its code', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    const node = sut.gateways.node('rift');
    node.secrets.set('metacrypt', [
      { name: 'db-password', set: true, version: 3, size: 12, updatedAt: new Date('2026-01-09T10:00:00Z'), updatedBy: 'kyle', usedBy: ['api', 'web'] },
      { name: 'tls-key', set: false, version: 0, size: 0, updatedBy: '', usedBy: ['api'] },
    ]);
    const list = await runMcp(sut, ['secret', 'list', 'metacrypt']);
    expect(list.stdout).to.match(/NAME\s+VERSION\s+SIZE\s+UPDATED\s+BY\s+USED BY/);
    expect(list.stdout).to.match(/db-password\s+3\s+12B\s+2026-01-09T10:00:00Z\s+kyle\s+api web/);
    expect(list.stdout).to.match(/tls-key\s+NOT SET/);
    const rm = await runMcp(sut, ['secret', 'rm', 'metacrypt', 'db-password']);
    expect(rm.stdout).to.equal('removed secret db-password of metacrypt on rift\n');
    const again = await runMcp(sut, ['secret', 'rm', 'metacrypt', 'db-password']);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('has no secret db-password');
  });

  it('takes no value argument', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    const r = await runMcp(sut, ['secret', 'set', 'metacrypt', 'db-password', 'hunter2']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('too many arguments').and.not.contain('hunter2');
    expect(sut.gateways.calls).to.deep.equal([]);
  });

  it('plan shows a component whose secret changed since its deploy, by name only', async () => {
    const sut = makeSut();
    const s = spec({ components: [{ name: 'api', image: 'registry.example/metacrypt:v1', secrets: { DB_PASSWORD: 'db-password' } }] });
    sut.definitions.put(s);
    const node = sut.gateways.node('rift').hold(s);
    node.secrets.set('metacrypt', [held('db-password')]);
    const view = node.services.get('metacrypt')!;
    node.services.set('metacrypt', { ...view, components: view.components.map((c) => ({ ...c, changedSecrets: ['db-password'] })) });
    const r = await runMcp(sut, ['plan', 'metacrypt', '--detailed-exitcode']);
    expect(r.stdout).to.contain('  ~ api  secret db-password changed\n');
    expect(r.code).to.equal(4);
  });

  it('plan shows a changed reference by key', async () => {
    const sut = makeSut();
    const onNode = spec({ components: [{ name: 'api', image: 'registry.example/metacrypt:v1', secrets: { DB_PASSWORD: 'db-password' } }] });
    sut.gateways.node('rift').hold(onNode).secrets.set('metacrypt', [held('db-password'), held('db-password-2'), held('tls')]);
    sut.definitions.put(spec({ components: [{ name: 'api', image: 'registry.example/metacrypt:v1', secrets: { DB_PASSWORD: 'db-password-2' }, secretFiles: { '/k': 'tls' } }] }));
    const r = await runMcp(sut, ['plan', 'metacrypt']);
    expect(r.stdout).to.contain('  ~ api  secrets DB_PASSWORD changed; secret_files /k added\n');
  });
});
