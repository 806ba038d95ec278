import { expect } from 'chai';
import { rejection } from '../../support/rejection';
import { SERVICES_DIR, makeSut, runMcp, spec } from './cli-sut';

describe('CLI ServiceExportCommand', () => {
  it('toml (the default) writes the agent\'s spec to <services dir>/<service>.toml or -f, comments kept by the definitions port', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec());
    const r = await sut.commands.exports.execute({ service: 'metacrypt' });
    expect(r).to.deep.equal({ kind: 'written', format: 'toml', services: [{ service: 'metacrypt', node: 'rift' }], paths: [`${SERVICES_DIR}/metacrypt.toml`] });
    await sut.commands.exports.execute({ service: 'metacrypt', format: 'toml', file: '/tmp/m.toml' });
    expect(sut.definitions.writes).to.deep.equal([
      { op: 'export', path: `${SERVICES_DIR}/metacrypt.toml` },
      { op: 'export', path: '/tmp/m.toml' },
    ]);
  });

  it('kube and compose print without -f and write the one file with -f; quadlet writes a unit per component into the -f directory', async () => {
    const sut = makeSut();
    sut.gateways.node('vade').hold(spec({ node: 'vade' }));
    const printed = await sut.commands.exports.execute({ service: 'metacrypt', format: 'kube' });
    expect(printed).to.include({ kind: 'printed', node: 'vade', service: 'metacrypt' });
    expect(sut.exportFiles.files.size).to.equal(0);
    await sut.commands.exports.execute({ service: 'metacrypt', format: 'compose', file: '/out/m.yaml' });
    expect(sut.exportFiles.files.get('/out/m.yaml')).to.contain('container_name: "metacrypt-api"');
    const q = await sut.commands.exports.execute({ service: 'metacrypt', format: 'quadlet', file: '/etc/containers/systemd' });
    expect(q.kind === 'written' && q.paths).to.deep.equal(['/etc/containers/systemd/metacrypt-api.container', '/etc/containers/systemd/metacrypt-web.container']);
    expect(sut.exportFiles.dirs).to.deep.equal(['/etc/containers/systemd']);
    expect(sut.definitions.writes).to.be.empty;
  });

  it('--all writes every service of every node into the directory, one file each', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec());
    sut.gateways.node('vade').hold(spec({ name: 'mcproxy', node: 'vade', components: [{ name: 'mcproxy', image: 'r/p:1' }] }));
    const r = await sut.commands.exports.execute({ all: true, format: 'kube', file: '/out' });
    expect(r).to.deep.include({ services: [{ service: 'metacrypt', node: 'rift' }, { service: 'mcproxy', node: 'vade' }], paths: ['/out/metacrypt.kube.yaml', '/out/mcproxy.kube.yaml'] });
    expect([...sut.exportFiles.files.keys()]).to.deep.equal(['/out/metacrypt.kube.yaml', '/out/mcproxy.kube.yaml']);
    const units = await sut.commands.exports.execute({ all: true, format: 'quadlet', file: '/units' });
    expect(units.kind === 'written' && units.paths).to.deep.equal(['/units/metacrypt-api.container', '/units/metacrypt-web.container', '/units/mcproxy.container']);
    await sut.commands.exports.execute({ all: true });
    expect(sut.definitions.writes.map((w) => w.path)).to.deep.equal([`${SERVICES_DIR}/metacrypt.toml`, `${SERVICES_DIR}/mcproxy.toml`]);
  });

  it('--all writes nothing when one service cannot be expressed, and names every such value', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec({ components: [{ name: 'api', image: 'r/a:1', network: 'mcpnet' }] }));
    sut.gateways.node('vade').hold(spec({ name: 'other', node: 'vade', components: [{ name: 'db', image: 'r/d:1', user: 'postgres' }] }));
    const e = await rejection(sut.commands.exports.execute({ all: true, format: 'kube', file: '/out' }));
    expect(e.code).to.equal('EXPORT_UNSUPPORTED');
    expect(e.message).to.contain('service metacrypt to kube: component api: network "mcpnet"');
    expect(e.message).to.contain('service other to kube: component db: user "postgres"');
    expect(e.message).to.contain('nothing was written');
    expect(sut.exportFiles.files.size).to.equal(0);
  });

  it('--all needs every node, and a directory for the foreign formats; bad requests are refused', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec());
    sut.gateways.failNode('vade');
    const down = await rejection(sut.commands.exports.execute({ all: true, format: 'compose', file: '/out' }));
    expect(down.code).to.equal('NODE_UNAVAILABLE');
    expect(down.message).to.contain('export --all needs every node: vade:');
    expect(sut.exportFiles.files.size).to.equal(0);
    expect((await rejection(sut.commands.exports.execute({ all: true, format: 'kube' }))).message).to.equal('export --all --format kube needs -f <directory>');
    expect((await rejection(sut.commands.exports.execute({ all: true, service: 'metacrypt' }))).code).to.equal('INVALID_ARGUMENT');
    expect((await rejection(sut.commands.exports.execute({}))).code).to.equal('INVALID_ARGUMENT');
    expect((await rejection(sut.commands.exports.execute({ service: 'metacrypt', format: 'helm' }))).message).to.contain('unknown export format "helm"');
  });

  it('through the CLI: stdout gets the text, an inexpressible value is one line and exit 2, --json keeps v1\'s {node, path}', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec({ components: [{ name: 'api', image: 'r/a:1', restart: 'on-failure:3' }] }));
    const kube = await runMcp(sut, ['service', 'export', 'metacrypt', '--format', 'compose']);
    expect(kube.code, kube.stderr).to.equal(0);
    expect(kube.stdout).to.contain('services:\n  api:\n');
    const refused = await runMcp(sut, ['service', 'export', 'metacrypt', '--format', 'kube']);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.equal('mcp: cannot export service metacrypt to kube: component api: restart "on-failure:3": a retry limit has no equivalent (restartPolicy OnFailure retries forever) in Kubernetes (EXPORT_UNSUPPORTED)\n');
    const json = await runMcp(sut, ['--json', 'service', 'export', 'metacrypt']);
    expect(JSON.parse(json.stdout)).to.deep.equal({ node: 'rift', path: `${SERVICES_DIR}/metacrypt.toml` });
    sut.gateways.node('rift').hold(spec());
    const units = await runMcp(sut, ['service', 'export', 'metacrypt', '--format', 'quadlet']);
    expect(units.stdout).to.match(/^### metacrypt-api\.container\n# metacrypt-api\.container[^]*\n### metacrypt-web\.container\n/);
  });
});
