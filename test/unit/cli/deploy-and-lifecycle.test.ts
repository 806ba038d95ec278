import { expect } from 'chai';
import { SERVICES_DIR, makeSut, runMcp, spec } from './cli-sut';
import { rejection } from '../../support/rejection';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';

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

  const FILE = `${SERVICES_DIR}/metacrypt.toml`;
  const refusals = [
    ['PERMISSION_DENIED', 'user vi (viewer) lacks role deployer: StopService needs it'],
    ['UNAUTHENTICATED', 'node rift: token refused: unknown token'],
    ['NODE_UNAVAILABLE', 'node rift unavailable: timed out after 5s (connected, but the TLS handshake got no answer)'],
  ] as const;
  for (const [code, words] of refusals) {
    for (const action of ['stop', 'start'] as const) {
      it(`${action} the node refuses or never gets (${code}): the file is put back and the error says it was left unchanged`, async () => {
        const sut = makeSut();
        const before = spec({ active: action === 'stop' });
        sut.definitions.put(before);
        sut.gateways.node('rift').hold(spec());
        sut.gateways.failNode('rift', new DomainError(code, words));
        const e = await rejection(sut.commands.lifecycle.execute(action, 'metacrypt'));
        expect([e.code, e.message]).to.deep.equal([code, `${words}; ${FILE} left unchanged`]);
        expect(await sut.definitions.load(FILE)).to.deep.equal(before);
        expect(sut.definitions.writes).to.deep.equal([
          { op: 'setActive', path: FILE, active: action === 'start' },
          { op: 'undoActive', path: FILE, active: action === 'stop' },
        ]);
      });
    }
  }

  it('stop with no usable token (nothing sent): the file is put back', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    sut.gateways.localFailure = new DomainError(ErrorCode.Unauthenticated, 'no token at /home/op/.config/mcp/token: run `mcp login`');
    const e = await rejection(sut.commands.lifecycle.execute('stop', 'metacrypt'));
    expect(e.message).to.equal(`no token at /home/op/.config/mcp/token: run \`mcp login\`; ${FILE} left unchanged`);
    expect((await sut.definitions.load(FILE)).active).to.equal(true);
  });

  it('stop the node accepted but failed otherwise: the file keeps active = false and the error says so', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    sut.gateways.node('rift').hold(spec());
    sut.gateways.failNode('rift', new DomainError(ErrorCode.Internal, 'node rift: podman stop: exit 125'));
    const e = await rejection(sut.commands.lifecycle.execute('stop', 'metacrypt'));
    expect([e.code, e.message]).to.deep.equal(['INTERNAL', `node rift: podman stop: exit 125; ${FILE} now says active = false`]);
    expect((await sut.definitions.load(FILE)).active).to.equal(false);
    expect(sut.definitions.writes.map((w) => w.op)).to.deep.equal(['setActive']);
  });

  it('start a component failed on the node: the file keeps active = true, the result says the file changed', async () => {
    const sut = makeSut();
    sut.definitions.put(spec({ active: false }));
    sut.gateways.node('rift').hold(spec());
    sut.gateways.node('rift').componentFailures.set('api', new DomainError(ErrorCode.ContainerExited, 'metacrypt-api exited'));
    const r = await sut.commands.lifecycle.execute('start', 'metacrypt');
    expect(r.outcome.results.map((c) => c.ok)).to.deep.equal([false, true]);
    expect(r.fileUpdated).to.equal(FILE);
    expect((await sut.definitions.load(FILE)).active).to.equal(true);
  });

  it('a refused stop whose file cannot be put back says so, and what the file says', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    const setActive = sut.definitions.setActive.bind(sut.definitions);
    sut.definitions.setActive = async (path, active) => ({
      ...(await setActive(path, active)),
      undo: async () => {
        throw new DomainError(ErrorCode.InvalidSpec, `${path}: cannot write: EACCES`);
      },
    });
    sut.gateways.failNode('rift', new DomainError(ErrorCode.PermissionDenied, 'denied'));
    const e = await rejection(sut.commands.lifecycle.execute('stop', 'metacrypt'));
    expect([e.code, e.message]).to.deep.equal(['PERMISSION_DENIED', `denied (${FILE} could not be put back: ${FILE}: cannot write: EACCES; it says active = false)`]);
  });

  it('a failed restart says nothing of the file, which it never touches', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    sut.gateways.failNode('rift', new DomainError(ErrorCode.PermissionDenied, 'denied'));
    expect((await rejection(sut.commands.lifecycle.execute('restart', 'metacrypt'))).message).to.equal('denied');
    expect(sut.definitions.writes).to.be.empty;
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
