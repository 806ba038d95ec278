import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CLI_LAUNCHER as LAUNCHER } from '../../support/e2e/e2e-harness';
import { repoRoot } from '../../support/repo-root';

// Loaded by node (NODE_OPTIONS) before main.js: what node itself was given, and what the CLI leaves for what it starts.
const PROBE = `const fs = require('fs');
const seen = (at) => fs.appendFileSync(process.env.PROBE_OUT, JSON.stringify({ at, extra: process.env.NODE_EXTRA_CA_CERTS ?? null, kept: process.env.MCP_NODE_EXTRA_CA_CERTS ?? null }) + '\\n');
seen('node start');
process.on('exit', () => seen('exit'));
`;

describe('the mcp launcher (a real sh, a real node)', function () {
  this.timeout(30000);
  let dir: string;
  let link: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-launcher-'));
    writeFileSync(join(dir, 'probe.js'), PROBE);
    // As `npm link` installs it: a symlink on PATH.
    mkdirSync(join(dir, 'bin'));
    link = join(dir, 'bin', 'mcp');
    symlinkSync(LAUNCHER, link);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(args: string[], extraCa?: string): { status: number | null; stdout: string; stderr: string; seen: unknown[] } {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--require ${join(dir, 'probe.js')}`, PROBE_OUT: join(dir, 'seen') };
    delete env['NODE_EXTRA_CA_CERTS'];
    if (extraCa !== undefined) env['NODE_EXTRA_CA_CERTS'] = extraCa;
    writeFileSync(join(dir, 'seen'), '');
    const out = spawnSync(link, args, { encoding: 'utf8', env });
    const seen = readFileSync(join(dir, 'seen'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as unknown);
    return { status: out.status, stdout: out.stdout, stderr: out.stderr, seen };
  }

  it('is the package\'s "mcp" bin, executable', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(realpathSync(resolve(repoRoot, pkg.bin['mcp']!))).to.equal(realpathSync(LAUNCHER));
    accessSync(LAUNCHER, constants.X_OK);
  });

  it('starts node without NODE_EXTRA_CA_CERTS, and the CLI puts it back for what it starts', () => {
    const out = run(['--help'], '/etc/ssl/certs/some bundle.pem');
    expect(out.status, out.stderr).to.equal(0);
    expect(out.stdout).to.match(/^Usage: mcp /);
    expect(out.seen).to.deep.equal([
      { at: 'node start', extra: null, kept: '/etc/ssl/certs/some bundle.pem' },
      { at: 'exit', extra: '/etc/ssl/certs/some bundle.pem', kept: null },
    ]);
  });

  it('without the variable, sets neither; every argument reaches the CLI as given', () => {
    const out = run(['no such', '--json']);
    expect(out.status).to.not.equal(0);
    expect(out.stderr).to.contain("'no such'");
    expect(out.seen).to.deep.equal([
      { at: 'node start', extra: null, kept: null },
      { at: 'exit', extra: null, kept: null },
    ]);
  });
});
