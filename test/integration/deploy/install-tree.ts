import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../support/repo-root';

export const installScript = join(repoRoot, 'deploy', 'scripts', 'install-agent.sh');

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs install-agent.sh as a real child process. NODE_PATH is dropped so nothing resolves from the repo by accident. */
export function runInstall(args: readonly string[]): RunResult {
  const env = { ...process.env };
  delete env.NODE_PATH;
  const r = spawnSync('bash', [installScript, ...args], { encoding: 'utf8', env, timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An empty system root with just enough /etc for useradd --prefix. */
export function makeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'mcp-install-root-'));
  mkdirSync(join(root, 'etc'));
  writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\n');
  return root;
}

/**
 * A small stand-in for a built checkout: the two entry points, one runtime
 * dependency with a nested one, and a dev-only package that must not be copied.
 */
export function makeFakeSource(): string {
  const src = mkdtempSync(join(tmpdir(), 'mcp-install-src-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(src, path, '..'), { recursive: true });
    writeFileSync(join(src, path), text);
  };
  write('package.json', JSON.stringify({ name: 'mcp', version: '0.0.0', dependencies: { 'dep-a': '1' }, devDependencies: { 'dev-only': '1' } }));
  write('node_modules/dep-a/package.json', JSON.stringify({ name: 'dep-a', version: '1.0.0', dependencies: { 'dep-b': '2' } }));
  write('node_modules/dep-a/index.js', "module.exports = 'a+' + require('dep-b');\n");
  write('node_modules/dep-a/node_modules/dep-b/package.json', JSON.stringify({ name: 'dep-b', version: '2.0.0' }));
  write('node_modules/dep-a/node_modules/dep-b/index.js', "module.exports = 'b';\n");
  write('node_modules/dev-only/package.json', JSON.stringify({ name: 'dev-only', version: '1.0.0' }));
  write('dist/src/bootstrap/agent/main.js', "process.stdout.write('agent ' + require('dep-a') + ' ' + JSON.stringify(process.argv.slice(2)) + '\\n');\n");
  write('dist/src/bootstrap/cli/main.js', "process.stdout.write('cli ' + JSON.stringify(process.argv.slice(2)) + (process.env.NODE_EXTRA_CA_CERTS ? ' node given NODE_EXTRA_CA_CERTS' : '') + '\\n');\n");
  write('dist/src/bootstrap/cli/mcp.bundle.js', '// the CLI bundle main.js loads\n');
  // The real launcher, which the installed mcp runs.
  write('src/bootstrap/cli/mcp', readFileSync(join(repoRoot, 'src/bootstrap/cli/mcp'), 'utf8'));
  chmodSync(join(src, 'src/bootstrap/cli/mcp'), 0o755);
  chmodSync(join(src, 'dist/src/bootstrap/agent/main.js'), 0o600);
  return src;
}

/** Every path under root with its type, mode, owner and content hash (or link target). */
export function snapshotTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    const abs = join(root, rel);
    const st = lstatSync(abs);
    const mode = (st.mode & 0o7777).toString(8);
    const owner = `${st.uid}:${st.gid}`;
    if (st.isSymbolicLink()) out.set(rel, `link ${mode} ${owner} -> ${readlinkSync(abs)}`);
    else if (st.isFile()) out.set(rel, `file ${mode} ${owner} ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`);
    else if (st.isDirectory()) {
      out.set(rel, `dir ${mode} ${owner}`);
      for (const name of readdirSync(abs).sort()) walk(rel === '' ? name : `${rel}/${name}`);
    } else out.set(rel, `other ${mode} ${owner}`);
  };
  walk('');
  return out;
}

/** The numeric id of `name` in root/etc/passwd or root/etc/group. */
export function idIn(root: string, file: 'passwd' | 'group', name: string): number | undefined {
  const line = readFileSync(join(root, 'etc', file), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  return line === undefined ? undefined : Number(line.split(':')[2]);
}
