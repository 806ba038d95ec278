import { expect } from 'chai';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import { SERVICES_DIR, makeSut, runMcp, spec } from './cli-sut';

describe('mcp program (commander, in-process, over fakes)', () => {
  it('list prints a table and exits 0 when every node answers', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec());
    const r = await runMcp(sut, ['list']);
    expect(r.code).to.equal(0);
    expect(r.stderr).to.equal('');
    expect(r.stdout).to.match(/^rift\s+metacrypt\s+api\s+running\s+running\s+v1\.2\.0\s+…\/metacrypt$/m);
  });

  it('ps with a dead node: the others print, the dead one has an error row, exit 1', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec());
    sut.gateways.failNode('vade');
    const r = await runMcp(sut, ['ps']);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.match(/^rift\s+metacrypt-api\s+running/m);
    expect(r.stdout).to.contain('vade  ERROR NODE_UNAVAILABLE');
  });

  it('status --json prints the documented shape', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec(), { web: 'exited' });
    const r = await runMcp(sut, ['--json', 'status', 'metacrypt']);
    expect(r.code).to.equal(0);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.nodes).to.have.length(1);
    expect(parsed.nodes[0].services[0].service.components[1]).to.include({ name: 'web', drift: true });
    expect(r.globalsSeen).to.deep.equal([{ json: true, debug: false }]);
  });

  it('deploy prints per-component results; a failed component exits 1', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    sut.gateways.node('rift').componentFailures.set('web', { code: 'IMAGE_PULL_FAILED', message: 'pull registry.example/metacrypt-web:v1.2.0: manifest unknown' });
    const r = await runMcp(sut, ['deploy', 'metacrypt']);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain('deploy of metacrypt on rift FAILED at web');
    expect(r.stdout).to.match(/^ok\s+metacrypt-api\s+running\s+running\s+v1\.2\.0$/m);
    expect(r.stdout).to.match(/^FAILED\s+metacrypt-web/m);
    expect(r.stdout).to.contain('web: IMAGE_PULL_FAILED: pull registry.example/metacrypt-web:v1.2.0: manifest unknown');
  });

  it('deploy names where a good deploy came from', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    const r = await runMcp(sut, ['deploy', 'metacrypt']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain(`deployed metacrypt on rift (from ${SERVICES_DIR}/metacrypt.toml)`);
  });

  it('deploy --json prints { node, source, outcome }', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    const r = await runMcp(sut, ['deploy', 'metacrypt/api', '--json']);
    expect(r.code).to.equal(0);
    const parsed = JSON.parse(r.stdout);
    expect(parsed).to.have.keys(['node', 'source', 'outcome']);
    expect(parsed.outcome.results).to.have.length(1);
  });

  it('passes -f and --config through', async () => {
    const sut = makeSut();
    sut.definitions.put(spec(), '/tmp/m.toml');
    const r = await runMcp(sut, ['--config', '/tmp/mcp.toml', 'deploy', 'metacrypt', '-f', '/tmp/m.toml']);
    expect(r.code).to.equal(0);
    expect(r.globalsSeen).to.deep.equal([{ json: false, debug: false, config: '/tmp/mcp.toml' }]);
    expect(r.stdout).to.contain('(from /tmp/m.toml)');
  });

  it('errors are one line on stderr; exit 2 for usage/config, 3 for auth; stack only with --debug', async () => {
    const sut = makeSut();
    let r = await runMcp(sut, ['deploy', 'ghost']);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal(`mcp: no definition for ghost: no file ${SERVICES_DIR}/ghost.toml and node(s) rift, vade do not know it\n`);

    r = await runMcp(sut, ['deploy', 'Bad_Name']);
    expect(r.code).to.equal(2);
    expect(r.stderr.split('\n')).to.have.length(2);

    sut.gateways.failNode('rift', new DomainError(ErrorCode.PermissionDenied, 'node rift: kyle lacks role admin'));
    sut.definitions.put(spec());
    r = await runMcp(sut, ['restart', 'metacrypt']);
    expect(r.code).to.equal(3);
    // A refusal the contract names by its code ends with it; other errors keep their line as it is.
    expect(r.stderr).to.equal('mcp: node rift: kyle lacks role admin (PERMISSION_DENIED)\n');

    r = await runMcp(sut, ['--debug', 'restart', 'metacrypt']);
    expect(r.code).to.equal(3);
    expect(r.stderr).to.contain('    at ');
    sut.gateways.failNode('rift', new DomainError(ErrorCode.ServiceNotFound, 'node rift: service metacrypt not found'));
    r = await runMcp(sut, ['restart', 'metacrypt']);
    expect([r.code, r.stderr]).to.deep.equal([1, 'mcp: node rift: service metacrypt not found\n']);
    sut.gateways.failNode('rift', new DomainError(ErrorCode.NameCollision, 'node rift: NAME_COLLISION already said'));
    r = await runMcp(sut, ['restart', 'metacrypt']);
    expect(r.stderr).to.equal('mcp: node rift: NAME_COLLISION already said\n');
  });

  it('commander usage errors exit 2 with one line: unknown command, missing argument, unknown option', async () => {
    const sut = makeSut();
    for (const argv of [['frobnicate'], ['deploy'], ['list', '--bogus'], ['node', 'add', 'x'], ['status', '--events', 'lots']]) {
      const r = await runMcp(sut, argv);
      expect(r.code, argv.join(' ')).to.equal(2);
      expect(r.stderr, argv.join(' ')).to.match(/^mcp: [^\n]+\n$/);
    }
    expect(sut.gateways.calls).to.be.empty;
  });

  it('stop updates the file then stops; node add/list/remove; push derives the path', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    sut.gateways.node('rift').hold(spec());
    let r = await runMcp(sut, ['stop', 'metacrypt']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain(`stop metacrypt on rift (active = false in ${SERVICES_DIR}/metacrypt.toml)`);

    r = await runMcp(sut, ['node', 'add', 'atlas', 'atlas.example:9444']);
    expect(r.code).to.equal(0);
    r = await runMcp(sut, ['node', 'list', '--json']);
    expect(JSON.parse(r.stdout).nodes.map((n: { name: string }) => n.name)).to.deep.equal(['rift', 'vade', 'atlas']);
    r = await runMcp(sut, ['node', 'remove', 'atlas']);
    expect(r.stdout).to.equal('removed node atlas (atlas.example:9444)\n');

    sut.local.files.set('/home/op/app.env', { content: Buffer.from('A=1\n'), mode: 0o600 });
    r = await runMcp(sut, ['push', '/home/op/app.env', 'metacrypt']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal('pushed /home/op/app.env to rift:/srv/metacrypt/app.env (4 bytes)\n');
  });

  it('deploy reports its start to the progress port', async () => {
    const sut = makeSut();
    sut.definitions.put(spec());
    await runMcp(sut, ['deploy', 'metacrypt'], { tty: true });
    expect(sut.progress).to.have.length(1);
  });

  it('--help lists every command and exits 0 without opening the use cases', async () => {
    const sut = makeSut();
    const r = await runMcp(sut, ['--help']);
    expect(r.code).to.equal(0);
    for (const c of ['login', 'deploy', 'stop', 'start', 'restart', 'list', 'ps', 'status', 'sync', 'adopt', 'service', 'push', 'pull', 'node']) {
      expect(r.stdout).to.match(new RegExp(`^  ${c}\\b`, 'm'));
    }
    expect(r.globalsSeen).to.be.empty;
  });
});
