import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/repo-root';
import { idIn, makeFakeSource, makeRoot, runInstall, snapshotTree } from './install-tree';

const isRoot = process.getuid?.() === 0;

function run(path: string, args: readonly string[] = [], extraEnv: NodeJS.ProcessEnv = {}): string {
  const env = { ...process.env, ...extraEnv };
  delete env.NODE_PATH;
  const r = spawnSync(path, [...args], { encoding: 'utf8', env, cwd: '/' });
  if (r.error) throw r.error;
  expect(r.status, `${path} ${args.join(' ')}: ${r.stderr}`).to.equal(0);
  return r.stdout;
}

describe('deploy/scripts/install-agent.sh', function () {
  this.timeout(120_000);
  const made: string[] = [];
  const root = () => {
    const dir = makeRoot();
    made.push(dir);
    return dir;
  };
  const source = () => {
    const dir = makeFakeSource();
    made.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('--help exits 0 and describes every option', () => {
    const r = runInstall(['--help']);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/^usage: install-agent\.sh/);
    for (const option of ['--root DIR', '--source DIR', '--help']) expect(r.stdout).to.contain(option);
    expect(r.stderr).to.equal('');
  });

  it('refuses an unknown option with one line on stderr and exit 2, changing nothing', () => {
    const dir = root();
    const before = snapshotTree(dir);
    const r = runInstall(['--root', dir, '--frobnicate']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.equal("install-agent: unknown option '--frobnicate' (see --help)\n");
    expect(snapshotTree(dir)).to.deep.equal(before);
  });

  it('refuses a --source that is not built, naming the missing file', () => {
    const src = source();
    rmSync(join(src, 'dist'), { recursive: true });
    const r = runInstall(['--root', root(), '--source', src]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain(`${src}/dist/src/bootstrap/agent/main.js is missing: build first`);
  });

  it('installs user, program, wrappers, directories, config and units with the right modes and owners', () => {
    const dir = root();
    const r = runInstall(['--root', dir, '--source', source()]);
    expect(r.status, r.stderr).to.equal(0);

    const uid = idIn(dir, 'passwd', 'mcp');
    const gid = idIn(dir, 'group', 'mcp');
    expect(uid, 'user mcp in etc/passwd').to.be.a('number');
    const passwd = readFileSync(join(dir, 'etc', 'passwd'), 'utf8');
    expect(passwd).to.match(/^mcp:[^:]*:\d+:\d+:[^:]*:\/srv\/mcp:\/usr\/sbin\/nologin$/m);
    expect(uid!).to.be.below(1000); // a system user

    const st = (p: string) => statSync(join(dir, p));
    const mode = (p: string) => (st(p).mode & 0o7777).toString(8);
    const owner = (p: string) => `${st(p).uid}:${st(p).gid}`;
    // Owners are set only when the installer runs as root; otherwise files stay the caller's.
    const me = `${process.getuid?.()}:${process.getgid?.()}`;
    const mcpOwner = isRoot ? `${uid}:${gid}` : me;
    for (const d of ['srv/mcp', 'srv/mcp/certs', 'srv/mcp/backups']) {
      expect(mode(d), d).to.equal('750');
      expect(owner(d), d).to.equal(mcpOwner);
    }
    expect(mode('srv/mcp/mcp-agent.toml')).to.equal('640');
    expect(owner('srv/mcp/mcp-agent.toml')).to.equal(isRoot ? `0:${gid}` : me);
    expect(readFileSync(join(dir, 'srv/mcp/mcp-agent.toml'), 'utf8')).to.equal(readFileSync(join(repoRoot, 'deploy/examples/mcp-agent.toml'), 'utf8'));
    for (const unit of ['mcp-agent.service', 'mcp-agent-backup.service', 'mcp-agent-backup.timer']) {
      const p = `etc/systemd/system/${unit}`;
      expect(mode(p), p).to.equal('644');
      expect(readFileSync(join(dir, p), 'utf8')).to.equal(readFileSync(join(repoRoot, 'deploy/systemd', unit), 'utf8'));
    }
    expect(mode('usr/local/bin/mcp-agent')).to.equal('755');
    expect(mode('opt/mcp/dist/src/bootstrap/agent/main.js')).to.equal('644'); // normalised from the source's 0600

    // Production dependencies only, nested ones included.
    expect(existsSync(join(dir, 'opt/mcp/node_modules/dep-a/node_modules/dep-b/index.js'))).to.equal(true);
    expect(existsSync(join(dir, 'opt/mcp/node_modules/dev-only'))).to.equal(false);

    // The wrappers run the installed program (and its dependencies) from the tree itself.
    expect(run(join(dir, 'usr/local/bin/mcp-agent'), ['server', '--config', 'x y'])).to.equal('agent a+b ["server","--config","x y"]\n');
    // mcp through the package's launcher: node starts without NODE_EXTRA_CA_CERTS.
    expect(run(join(dir, 'usr/local/bin/mcp'), ['list', 'x y'], { NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' })).to.equal('cli ["list","x y"]\n');

    expect(r.stdout).to.contain('skipped  systemctl daemon-reload (--root');
    expect(r.stdout).to.match(/install-agent: \d+ changed, 0 already in place/);
  });

  it('is idempotent: a second run changes nothing (paths, modes, owners, contents)', () => {
    const dir = root();
    const src = source();
    expect(runInstall(['--root', dir, '--source', src]).status).to.equal(0);
    const first = snapshotTree(dir);
    const again = runInstall(['--root', dir, '--source', src]);
    expect(again.status, again.stderr).to.equal(0);
    expect(snapshotTree(dir)).to.deep.equal(first);
    expect(again.stdout).to.match(/install-agent: 0 changed, \d+ already in place/);
    expect(again.stdout).not.to.match(/^ {2}changed/m);
  });

  it("never overwrites the operator's config, but restores what it owns", () => {
    const dir = root();
    const src = source();
    expect(runInstall(['--root', dir, '--source', src]).status).to.equal(0);
    const config = join(dir, 'srv/mcp/mcp-agent.toml');
    writeFileSync(config, '# the operator was here\n[agent]\nnode_name = "rift"\n');
    chmodSync(config, 0o600);
    chmodSync(join(dir, 'srv/mcp/certs'), 0o777);
    writeFileSync(join(dir, 'etc/systemd/system/mcp-agent.service'), '# edited in place\n');

    const r = runInstall(['--root', dir, '--source', src]);
    expect(r.status, r.stderr).to.equal(0);
    expect(readFileSync(config, 'utf8')).to.equal('# the operator was here\n[agent]\nnode_name = "rift"\n');
    expect(statSync(config).mode & 0o777).to.equal(0o600);
    expect(r.stdout).to.contain("kept     /srv/mcp/mcp-agent.toml (the operator's; never overwritten)");
    expect(statSync(join(dir, 'srv/mcp/certs')).mode & 0o777).to.equal(0o750);
    expect(r.stdout).to.contain('changed  /srv/mcp/certs/ (mode set to 0750)');
    expect(readFileSync(join(dir, 'etc/systemd/system/mcp-agent.service'), 'utf8')).to.equal(readFileSync(join(repoRoot, 'deploy/systemd/mcp-agent.service'), 'utf8'));
    expect(r.stdout).to.contain('changed  /etc/systemd/system/mcp-agent.service (updated)');
  });

  it('replaces the program when the source changed, leaving no staging directory behind', () => {
    const dir = root();
    const src = source();
    expect(runInstall(['--root', dir, '--source', src]).status).to.equal(0);
    writeFileSync(join(src, 'dist/src/bootstrap/cli/main.js'), "process.stdout.write('cli v2\\n');\n");
    const r = runInstall(['--root', dir, '--source', src]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('changed  /opt/mcp (program updated)');
    expect(run(join(dir, 'usr/local/bin/mcp'))).to.equal('cli v2\n');
    expect([...snapshotTree(join(dir, 'opt')).keys()].filter((p) => !p.startsWith('mcp') && p !== '')).to.deep.equal([]);
  });

  it('without etc/passwd in the root, says the user was not added and installs the rest', () => {
    const dir = root();
    rmSync(join(dir, 'etc'), { recursive: true });
    const r = runInstall(['--root', dir, '--source', source()]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.contain(`warning  user and group mcp not added: ${dir}/etc/passwd or ${dir}/etc/group does not exist`);
    expect(existsSync(join(dir, 'etc/passwd'))).to.equal(false);
    expect(statSync(join(dir, 'srv/mcp')).mode & 0o777).to.equal(0o750);
  });

  // The real thing: the built checkout with its production node_modules. Loading the
  // agent's and the CLI's composition roots from the installed tree proves every
  // runtime dependency was copied (a devDependency imported at run time fails here).
  it('installs the real, built program so that the installed mcp-agent and mcp load every module', () => {
    const dir = root();
    const r = runInstall(['--root', dir]);
    expect(r.status, r.stderr).to.equal(0);
    expect(run(join(dir, 'usr/local/bin/mcp-agent'), ['--help'])).to.contain('Usage: mcp-agent');
    expect(run(join(dir, 'usr/local/bin/mcp'), ['--help'])).to.contain('Usage: mcp');
    const app = join(dir, 'opt/mcp/dist/src/bootstrap');
    const modules = ['cli/cli-composition.js', 'agent/server.command.js', 'agent/agent-container.js', 'agent/snapshot.command.js'].map((m) => join(app, m));
    expect(run(process.execPath, ['-e', `for (const m of ${JSON.stringify(modules)}) require(m); console.log('loaded')`])).to.equal('loaded\n');
    expect(existsSync(join(dir, 'opt/mcp/node_modules/typescript')), 'dev dependency copied').to.equal(false);
  });
});
