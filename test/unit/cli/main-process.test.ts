import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../support/repo-root';
import { makeTestCerts } from '../../support/tls/test-ca';

// The binary of the same build as this test (dist/ under `npm test`, a helper's outDir otherwise).
const MAIN = join(__dirname, '..', '..', '..', 'src', 'bootstrap', 'cli', 'main.js');

function mcp(args: string[], opts: { input?: string; env?: Record<string, string>; home?: string } = {}) {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    input: opts.input ?? '',
    timeout: 30_000,
    env: { PATH: process.env['PATH'] ?? '', HOME: opts.home ?? tmpdir(), NODE_PATH: join(repoRoot, 'node_modules'), ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SPEC_COMMANDS = ['login', 'deploy', 'stop', 'start', 'restart', 'list', 'ps', 'status', 'sync', 'adopt', 'service', 'push', 'pull', 'node'];

describe('mcp as a real child process', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts with a node shebang', () => {
    expect(readFileSync(MAIN, 'utf8').startsWith('#!/usr/bin/env node\n')).to.equal(true);
  });

  it('--help lists every SPEC command and exits 0', () => {
    const r = mcp(['--help']);
    expect(r.code).to.equal(0);
    for (const c of SPEC_COMMANDS) expect(r.stdout).to.match(new RegExp(`^  ${c}\\b`, 'm'));
    const service = mcp(['service', '--help']);
    for (const c of ['show', 'edit', 'export']) expect(service.stdout).to.match(new RegExp(`^  ${c}\\b`, 'm'));
    const node = mcp(['node', '--help']);
    for (const c of ['list', 'add', 'remove']) expect(node.stdout).to.match(new RegExp(`^  ${c}\\b`, 'm'));
  });

  it('an unknown command exits 2 with a one-line error', () => {
    const r = mcp(['frobnicate']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/^mcp: unknown command 'frobnicate'[^\n]*\n$/);
    expect(r.stdout).to.equal('');
  });

  it('a missing config file exits 2 naming the file', () => {
    const r = mcp(['--config', join(dir, 'nope.toml'), 'list']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(`mcp: ${join(dir, 'nope.toml')}: config file not found\n`);
  });

  it('node add/list/remove edit a real config file, keeping its comments', () => {
    const config = join(dir, 'mcp.toml');
    writeFileSync(config, `# my nodes\n[services]\ndir = "${dir}/services"\n\n[[nodes]]\nname = "rift" # the big one\naddress = "rift.example:9444"\n`);
    expect(mcp(['--config', config, 'node', 'add', 'vade', '10.0.0.2:9444']).code).to.equal(0);
    const listed = mcp(['--config', config, '--json', 'node', 'list']);
    expect(JSON.parse(listed.stdout)).to.deep.equal({ nodes: [{ name: 'rift', address: 'rift.example:9444' }, { name: 'vade', address: '10.0.0.2:9444' }] });
    expect(mcp(['--config', config, 'node', 'remove', 'vade']).code).to.equal(0);
    const text = readFileSync(config, 'utf8');
    expect(text).to.contain('# my nodes');
    expect(text).to.contain('name = "rift" # the big one');
    expect(text).not.to.contain('vade');
    const bad = mcp(['--config', config, 'node', 'add', 'x', 'no-port']);
    expect(bad.code).to.equal(2);
  });

  it('login --token-stdin saves the token 0600; a command without a token exits 3', () => {
    const config = join(dir, 'mcp.toml');
    const tokenPath = join(dir, 'sub', 'token');
    writeFileSync(config, `[auth]\ntoken_path = "${tokenPath}"\n[tls]\nca_cert = "${join(dir, 'ca.pem')}"\n[[nodes]]\nname = "rift"\naddress = "127.0.0.1:9"\n`);
    writeFileSync(join(dir, 'ca.pem'), 'not really a CA');
    const missing = mcp(['--config', config, 'restart', 'metacrypt'], { home: dir });
    expect(missing.code).to.equal(3);
    expect(missing.stderr).to.match(/^mcp: [^\n]*run `mcp login`[^\n]*\n$/);

    const r = mcp(['--config', config, 'login', '--token-stdin'], { input: 'tok-abc\n' });
    expect(r.code, r.stderr).to.equal(0);
    expect(readFileSync(tokenPath, 'utf8').trim()).to.equal('tok-abc');
    expect(statSync(tokenPath).mode & 0o777).to.equal(0o600);
    expect(existsSync(tokenPath)).to.equal(true);
  });

  it('list over real TLS gRPC: every unreachable node gets its own error row, exit 1', () => {
    const certs = makeTestCerts();
    try {
      const config = join(dir, 'mcp.toml');
      writeFileSync(join(dir, 'token'), 'tok\n', { mode: 0o600 });
      writeFileSync(config, `[auth]\ntoken_path = "${join(dir, 'token')}"\n[tls]\nca_cert = "${certs.caPath}"\n[[nodes]]\nname = "rift"\naddress = "127.0.0.1:9"\n[[nodes]]\nname = "vade"\naddress = "127.0.0.1:7"\n`);
      const r = mcp(['--config', config, 'list'], { home: dir });
      expect(r.code, r.stderr).to.equal(1);
      expect(r.stdout).to.match(/^rift {2}ERROR NODE_UNAVAILABLE: node rift unavailable: [^\n]+$/m);
      expect(r.stdout).to.match(/^vade {2}ERROR NODE_UNAVAILABLE: node vade unavailable: [^\n]+$/m);
      const json = JSON.parse(mcp(['--config', config, 'list', '--json'], { home: dir }).stdout);
      expect(json.nodes.map((n: { node: string; ok: boolean; error: { code: string } }) => [n.node, n.ok, n.error.code])).to.deep.equal([
        ['rift', false, 'NODE_UNAVAILABLE'],
        ['vade', false, 'NODE_UNAVAILABLE'],
      ]);
    } finally {
      certs.cleanup();
    }
  });
});
