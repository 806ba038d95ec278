import { expect } from 'chai';
import { SERVICES_DIR, makeSut, spec } from './cli-sut';
import { rejection } from '../../support/rejection';

describe('CLI ServiceDefinitionCommand', () => {
  it('show prints the spec the agent holds', async () => {
    const sut = makeSut();
    const held = spec({ node: 'vade' });
    sut.gateways.node('vade').hold(held);
    const r = await sut.commands.service.show('metacrypt');
    expect(r.node).to.equal('vade');
    expect(r.spec).to.deep.equal(held);
    expect(r.text).to.contain('image = "registry.example/metacrypt:v1.2.0"');
  });

  it('show without a file asks each node once: the answer that found the node is the spec', async () => {
    const sut = makeSut();
    sut.gateways.node('vade').hold(spec({ node: 'vade' }));
    await sut.commands.service.show('metacrypt');
    expect(sut.gateways.callsTo('list').map((c) => c.node).sort()).to.deep.equal(['rift', 'vade']);
    expect(sut.gateways.opened).to.equal(sut.gateways.closed);
  });

  it('show explains a file that was never deployed', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    const e = await rejection(sut.commands.service.show('metacrypt'));
    expect(e.code).to.equal('SERVICE_NOT_FOUND');
    expect(e.message).to.contain('run `mcp deploy metacrypt`');
  });

  it('export writes the agent\'s spec to the default path, or to -f', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec());
    expect(await sut.commands.service.export('metacrypt')).to.deep.equal({ node: 'rift', path: `${SERVICES_DIR}/metacrypt.toml` });
    expect(await sut.commands.service.export('metacrypt', '/tmp/m.toml')).to.deep.equal({ node: 'rift', path: '/tmp/m.toml' });
    expect(sut.definitions.writes).to.deep.equal([
      { op: 'export', path: `${SERVICES_DIR}/metacrypt.toml` },
      { op: 'export', path: '/tmp/m.toml' },
    ]);
    expect(sut.definitions.files.get('/tmp/m.toml')).to.deep.equal(spec());
  });

  it('edit opens the existing file without asking the agent', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    const r = await sut.commands.service.edit('metacrypt');
    expect(sut.edited).to.deep.equal([`${SERVICES_DIR}/metacrypt.toml`]);
    expect(r.exported).to.equal(false);
    expect(sut.gateways.calls).to.be.empty;
  });

  it('edit exports from the agent first when there is no file', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec());
    const r = await sut.commands.service.edit('metacrypt');
    expect(r).to.include({ path: `${SERVICES_DIR}/metacrypt.toml`, exported: true });
    expect(sut.definitions.writes).to.deep.equal([{ op: 'export', path: `${SERVICES_DIR}/metacrypt.toml` }]);
    expect(sut.edited).to.deep.equal([`${SERVICES_DIR}/metacrypt.toml`]);
  });
});

describe('CLI FileTransferCommand', () => {
  it('push sends the local bytes and mode, to a path derived from the basename', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    sut.local.files.set('./conf/metacrypt.toml', { content: Buffer.from('k = 1\n'), mode: 0o640 });
    const r = await sut.commands.files.push({ localFile: './conf/metacrypt.toml', service: 'metacrypt' });
    expect(r).to.deep.equal({ node: 'rift', path: '/srv/metacrypt/metacrypt.toml', size: 6 });
    const call = sut.gateways.callsTo('push')[0]!;
    expect(call.node).to.equal('rift');
    expect(call.arg).to.deep.include({ service: 'metacrypt', path: 'metacrypt.toml', mode: 0o640 });
    expect(Buffer.from((call.arg as { content: Uint8Array }).content).toString()).to.equal('k = 1\n');
  });

  it('push keeps an explicit path', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    sut.local.files.set('a.pem', { content: Buffer.from('x'), mode: 0o600 });
    await sut.commands.files.push({ localFile: 'a.pem', service: 'metacrypt', path: 'certs/server.pem' });
    expect(sut.gateways.callsTo('push')[0]!.arg).to.deep.include({ path: 'certs/server.pem' });
  });

  it('pull writes the content and mode locally, to the basename by default', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    sut.gateways.node('rift').files.set('metacrypt/certs/ca.pem', { content: Buffer.from('PEM'), mode: 0o644 });
    const r = await sut.commands.files.pull({ service: 'metacrypt', path: 'certs/ca.pem' });
    expect(r).to.deep.equal({ node: 'rift', localFile: 'ca.pem', size: 3, mode: 0o644 });
    expect(Buffer.from(sut.local.files.get('ca.pem')!.content).toString()).to.equal('PEM');
    await sut.commands.files.pull({ service: 'metacrypt', path: 'certs/ca.pem', localFile: '/tmp/x.pem' });
    expect(sut.local.files.get('/tmp/x.pem')!.mode).to.equal(0o644);
  });
});

describe('CLI NodeAdminCommand', () => {
  it('lists, adds and removes nodes', async () => {
    const sut = makeSut({ nodes: [{ name: 'rift', address: 'rift.example:9444' }] });
    expect(await sut.commands.nodes.list()).to.deep.equal([{ name: 'rift', address: 'rift.example:9444' }]);
    await sut.commands.nodes.add('vade', '10.0.0.2:9444');
    expect(sut.nodes.nodes.map((n) => n.name)).to.deep.equal(['rift', 'vade']);
    await sut.commands.nodes.remove('rift');
    expect(sut.nodes.nodes).to.deep.equal([{ name: 'vade', address: '10.0.0.2:9444' }]);
  });

  it('refuses a bad name, a bad address, a duplicate and an unknown node', async () => {
    const sut = makeSut({ nodes: [{ name: 'rift', address: 'rift.example:9444' }] });
    expect((await rejection(sut.commands.nodes.add('Rift!', 'a:1'))).code).to.equal('INVALID_NAME');
    expect((await rejection(sut.commands.nodes.add('vade', 'no-port'))).code).to.equal('INVALID_ARGUMENT');
    expect((await rejection(sut.commands.nodes.add('vade', 'host:70000'))).code).to.equal('INVALID_ARGUMENT');
    expect((await rejection(sut.commands.nodes.add('rift', 'a:1'))).message).to.contain('already in');
    expect((await rejection(sut.commands.nodes.remove('ghost'))).message).to.contain('node ghost is not in');
    expect(sut.nodes.nodes).to.have.length(1);
  });
});

describe('CLI LoginCommand', () => {
  it('--token-stdin saves the trimmed token without asking MCIAS', async () => {
    const sut = makeSut();
    sut.terminal.stdin = '  tok-123\n';
    const r = await sut.commands.login.execute({ tokenStdin: true });
    expect(sut.saved).to.deep.equal(['tok-123']);
    expect(sut.identity.calls).to.be.empty;
    expect(r.tokenPath).to.equal('/home/op/.config/mcp/token');
  });

  it('prompts for username and (hidden) password when interactive', async () => {
    const sut = makeSut();
    sut.terminal.answers = ['kyle', 'hunter2'];
    const r = await sut.commands.login.execute({});
    expect(sut.terminal.asked).to.deep.equal([{ question: 'Username: ', hidden: false }, { question: 'Password for kyle: ', hidden: true }]);
    expect(sut.identity.calls).to.deep.equal([['kyle', 'hunter2']]);
    expect(sut.saved).to.deep.equal(['tok-from-mcias']);
    expect(r.expiresAt?.toISOString()).to.equal('2026-02-01T00:00:00.000Z');
  });

  it('logs in unattended with [auth] username and password_file (one trailing newline dropped)', async () => {
    const sut = makeSut({ login: { username: 'kyle', passwordFile: '/home/op/.config/mcp/password' } });
    sut.terminal.interactive = false;
    sut.local.files.set('/home/op/.config/mcp/password', { content: Buffer.from('hunter2\n'), mode: 0o600 });
    await sut.commands.login.execute({});
    expect(sut.terminal.asked).to.be.empty;
    expect(sut.identity.calls).to.deep.equal([['kyle', 'hunter2']]);
  });

  it('without a terminal or settings, says what to configure; a refused login saves nothing', async () => {
    const sut = makeSut();
    sut.terminal.interactive = false;
    const e = await rejection(sut.commands.login.execute({}));
    expect(e.code).to.equal('CONFIG_INVALID');
    expect(e.message).to.contain('[auth] username and password_file');
    const sut2 = makeSut({ login: { username: 'kyle' } });
    sut2.terminal.answers = ['wrong'];
    expect((await rejection(sut2.commands.login.execute({}))).code).to.equal('UNAUTHENTICATED');
    expect(sut2.saved).to.be.empty;
  });

  it('without [mcias] points at --token-stdin', async () => {
    const sut = makeSut({ noMcias: true });
    const e = await rejection(sut.commands.login.execute({}));
    expect(e.code).to.equal('CONFIG_INVALID');
    expect(e.message).to.contain('--token-stdin');
  });
});

describe('CLI AdoptCommand', () => {
  const adopted = (service: string) => ({ service, results: [{ component: 'api', container: `${service}-api`, ok: true }] });

  it('adopts on the file\'s node, on --node, or on the only node', async () => {
    const sut = makeSut();
    for (const n of ['rift', 'vade', 'solo']) sut.gateways.node(n).adoptAnswer = adopted('any');
    sut.definitions.put(spec({ node: 'vade' }));
    expect((await sut.commands.adopt.execute({ service: 'metacrypt' })).node).to.equal('vade');
    expect((await sut.commands.adopt.execute({ service: 'other', node: 'rift' })).node).to.equal('rift');
    expect(sut.gateways.callsTo('adopt').map((c) => [c.node, c.arg])).to.deep.equal([['vade', 'metacrypt'], ['rift', 'other']]);
    const e = await rejection(sut.commands.adopt.execute({ service: 'other' }));
    expect(e.message).to.contain('use --node <name>');
    const single = makeSut({ nodes: [{ name: 'solo', address: 's:1' }] });
    single.gateways.node('solo').adoptAnswer = adopted('x');
    expect((await single.commands.adopt.execute({ service: 'x' })).node).to.equal('solo');
  });

  it('says so when nothing matched (a typo must not pass for success)', async () => {
    const sut = makeSut({ nodes: [{ name: 'solo', address: 's:1' }] });
    const e = await rejection(sut.commands.adopt.execute({ service: 'metacrpyt' }));
    expect(e.code).to.equal('CONTAINER_NOT_FOUND');
    expect(e.message).to.equal('adopt metacrpyt: node solo has no container named metacrpyt or metacrpyt-<component> that another service does not own');
  });
});
