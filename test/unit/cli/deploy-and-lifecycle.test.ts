import { expect } from 'chai';
import { SERVICES_DIR, makeSut, runMcp, spec } from './cli-sut';
import { rejection } from '../../support/rejection';

describe('CLI DeployCommand', () => {
  it('reads <services dir>/<service>.toml and sends that spec to the node it names', async () => {
    const sut = makeSut();
    const s = spec();
    sut.definitions.put(s);
    const r = await sut.commands.deploy.execute({ target: 'metacrypt' });
    expect(r.node).to.equal('rift');
    expect(r.source).to.deep.equal({ kind: 'file', path: `${SERVICES_DIR}/metacrypt.toml` });
    expect(sut.gateways.calls).to.deep.equal([{ node: 'rift', method: 'deploy', arg: { spec: s } }]);
    expect(r.outcome.results.map((c) => [c.container, c.ok])).to.deep.equal([['metacrypt-api', true], ['metacrypt-web', true]]);
    expect(sut.progress).to.deep.equal([['rift', 'metacrypt', ['api', 'web']]]);
    expect(sut.gateways.opened).to.equal(sut.gateways.closed);
  });

  it('reads -f <file> instead, and refuses a file that defines another service', async () => {
    const sut = makeSut();
    sut.definitions.put(spec({ node: 'vade' }), '/tmp/elsewhere.toml');
    const r = await sut.commands.deploy.execute({ target: 'metacrypt', file: '/tmp/elsewhere.toml' });
    expect(r.node).to.equal('vade');
    expect(sut.gateways.calls[0]).to.include({ node: 'vade', method: 'deploy' });
    const e = await rejection(sut.commands.deploy.execute({ target: 'other', file: '/tmp/elsewhere.toml' }));
    expect(e.code).to.equal('INVALID_ARGUMENT');
    expect(e.message).to.contain('/tmp/elsewhere.toml defines service metacrypt, not other');
  });

  it('takes the service from the file when -f is given without a name; neither is a usage error', async () => {
    const sut = makeSut();
    sut.definitions.put(spec({ node: 'vade' }), '/tmp/elsewhere.toml');
    const r = await runMcp(sut, ['deploy', '-f', '/tmp/elsewhere.toml']);
    expect(r.code, r.stderr).to.equal(0);
    expect(sut.gateways.callsTo('deploy')).to.deep.equal([{ node: 'vade', method: 'deploy', arg: { spec: spec({ node: 'vade' }) } }]);
    const none = await runMcp(sut, ['deploy']);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.equal('mcp: name the service to deploy, or give its file with -f\n');
    expect(sut.gateways.callsTo('deploy')).to.have.length(1);
  });

  it('passes the agent\'s steps to the progress port as they come', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    await sut.commands.deploy.execute({ target: 'metacrypt' });
    expect(sut.steps.map(([node, service, step]) => [node, service, step.component, step.step])).to.deep.equal([
      ['rift', 'metacrypt', 'api', 'done'],
      ['rift', 'metacrypt', 'web', 'done'],
    ]);
  });

  it('falls back to the agent that holds the service when there is no file', async () => {
    const sut = makeSut();
    sut.gateways.node('vade').hold(spec({ node: 'vade' }));
    const r = await sut.commands.deploy.execute({ target: 'metacrypt' });
    expect(r.node).to.equal('vade');
    expect(r.source).to.deep.equal({ kind: 'agent' });
    expect(sut.gateways.callsTo('deploy')).to.deep.equal([{ node: 'vade', method: 'deploy', arg: { serviceName: 'metacrypt' } }]);
    expect(sut.gateways.callsTo('list').map((c) => c.node).sort()).to.deep.equal(['rift', 'vade']);
  });

  it('fails clearly when neither a file nor any node knows the service', async () => {
    const sut = makeSut();
    const e = await rejection(sut.commands.deploy.execute({ target: 'ghost' }));
    expect(e.code).to.equal('SERVICE_NOT_FOUND');
    expect(e.message).to.equal(`no definition for ghost: no file ${SERVICES_DIR}/ghost.toml and node(s) rift, vade do not know it`);
    expect(sut.gateways.callsTo('deploy')).to.be.empty;
  });

  it('says which nodes could not be asked when looking for a service', async () => {
    const sut = makeSut();
    sut.gateways.failNode('vade');
    const e = await rejection(sut.commands.deploy.execute({ target: 'ghost' }));
    expect(e.code).to.equal('SERVICE_NOT_FOUND');
    expect(e.message).to.contain('node(s) rift do not know it; could not ask vade: node vade unavailable');
  });

  it('deploys one component with <service>/<component>', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    const r = await sut.commands.deploy.execute({ target: 'metacrypt/web' });
    expect(sut.gateways.callsTo('deploy')[0]!.arg).to.deep.include({ component: 'web' });
    expect(r.outcome.results.map((c) => c.component)).to.deep.equal(['web']);
    expect(sut.progress).to.deep.equal([['rift', 'metacrypt', ['web']]]);
  });

  it('refuses an unknown component before calling the agent, and a malformed target', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    expect((await rejection(sut.commands.deploy.execute({ target: 'metacrypt/db' }))).code).to.equal('COMPONENT_NOT_FOUND');
    expect((await rejection(sut.commands.deploy.execute({ target: 'a/b/c' }))).code).to.equal('INVALID_ARGUMENT');
    expect((await rejection(sut.commands.deploy.execute({ target: '../etc' }))).code).to.equal('INVALID_NAME');
    expect(sut.gateways.calls).to.be.empty;
  });

  it('refuses a file naming a node that is not configured', async () => {
    const sut = makeSut();
    sut.definitions.put(spec({ node: 'nowhere' }));
    const e = await rejection(sut.commands.deploy.execute({ target: 'metacrypt' }));
    expect(e.code).to.equal('CONFIG_INVALID');
    expect(e.message).to.contain('names node nowhere, which is not in [[nodes]]');
  });
});

describe('CLI LifecycleCommand', () => {
  it('stop sets active = false in the file, then calls StopService on its node', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    sut.gateways.node('rift').hold(spec());
    const r = await sut.commands.lifecycle.execute('stop', 'metacrypt');
    expect(sut.definitions.writes).to.deep.equal([{ op: 'setActive', path: `${SERVICES_DIR}/metacrypt.toml`, active: false }]);
    expect((await sut.definitions.load(`${SERVICES_DIR}/metacrypt.toml`)).active).to.equal(false);
    expect(sut.gateways.calls).to.deep.equal([{ node: 'rift', method: 'stop', arg: 'metacrypt' }]);
    expect(r.fileUpdated).to.equal(`${SERVICES_DIR}/metacrypt.toml`);
  });

  it('start sets active = true, then calls StartService', async () => {
    const sut = makeSut();
    sut.definitions.put(spec({ active: false }));
    sut.gateways.node('rift').hold(spec());
    await sut.commands.lifecycle.execute('start', 'metacrypt');
    expect(sut.definitions.writes).to.deep.equal([{ op: 'setActive', path: `${SERVICES_DIR}/metacrypt.toml`, active: true }]);
    expect(sut.gateways.calls).to.deep.equal([{ node: 'rift', method: 'start', arg: 'metacrypt' }]);
  });

  it('restart leaves the file alone', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    sut.gateways.node('rift').hold(spec());
    const r = await sut.commands.lifecycle.execute('restart', 'metacrypt');
    expect(sut.definitions.writes).to.be.empty;
    expect(sut.gateways.calls).to.deep.equal([{ node: 'rift', method: 'restart', arg: 'metacrypt' }]);
    expect(r.fileUpdated).to.equal(undefined);
  });

  it('without a file, only the agent that holds the service is told', async () => {
    const sut = makeSut();
    sut.gateways.node('vade').hold(spec({ node: 'vade' }));
    const r = await sut.commands.lifecycle.execute('stop', 'metacrypt');
    expect(sut.definitions.writes).to.be.empty;
    expect(sut.gateways.callsTo('stop')).to.deep.equal([{ node: 'vade', method: 'stop', arg: 'metacrypt' }]);
    expect(r.node).to.equal('vade');
  });
});
