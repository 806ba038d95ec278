import { expect } from 'chai';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBuildRecord } from '../../../src/bootstrap/cli/bundle-build-record';
import { BUILD_RECORD_SUFFIX, IDLE_BUILD_MS, commandSlot } from '../../../src/bootstrap/cli/compiled-bundle';
import { repoRoot } from '../../support/repo-root';

const LOADER = join(repoRoot, 'dist/src/bootstrap/cli/compiled-bundle.js');
const RECORDER = join(repoRoot, 'dist/src/bootstrap/cli/bundle-build-record.js');
const CLI_DIR = join(repoRoot, 'dist/src/bootstrap/cli');

// A small bundle with functions worth caching, a require beside it, and an exit code from the environment.
const BUNDLE = `const helper = require('./helper.js');
function total(xs) { return xs.reduce((a, b) => a + b, 0); }
process.stdout.write(helper.greet(String(total([1, 2, 3]))) + ' ' + __filename + '\\n');
process.exitCode = Number(process.env.EXIT || 0);
`;

describe('compiled bundle loader (real node processes, real V8 code cache)', function () {
  this.timeout(30000);
  let dir: string;
  let bundle: string;
  let cacheRoot: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-bundle-'));
    bundle = join(dir, 'app', 'program.js');
    mkdirSync(join(dir, 'app'));
    writeFileSync(bundle, BUNDLE);
    writeFileSync(join(dir, 'app', 'helper.js'), "exports.greet = (s) => 'sum ' + s;\n");
    // What `npm run build:cli-bundle` does after esbuild.
    writeBuildRecord(bundle);
    cacheRoot = join(dir, 'cache', 'compiled');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(exit = 0, root = cacheRoot): SpawnSyncReturns<string> {
    const code = `require(${JSON.stringify(LOADER)}).runCachedBundle(${JSON.stringify(bundle)}, { root: ${JSON.stringify(root)}, slot: 'list' })`;
    return spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, EXIT: String(exit) } });
  }

  /** Every cache file under the root, as "<build dir>/<file>". */
  function cacheFiles(root = cacheRoot): string[] {
    try {
      return readdirSync(root).flatMap((build) => readdirSync(join(root, build)).map((f) => `${build}/${f}`));
    } catch {
      return [];
    }
  }

  it('runs the bundle as require would: its output, __filename, a require beside it, its exit code', () => {
    const ok = run();
    expect(ok.status, ok.stderr).to.equal(0);
    expect(ok.stdout).to.equal(`sum 6 ${bundle}\n`);
    expect(run(3).status).to.equal(3);
  });

  it('keeps the compiled code of a successful run (0600 in a 0700 directory) and uses it next time without rewriting it', () => {
    run();
    const files = cacheFiles();
    expect(files).to.have.length(1);
    expect(files[0]).to.match(new RegExp(`/${process.version.replace(/\./g, '\\.')}-${process.arch}-list\\.v8$`));
    const file = join(cacheRoot, files[0]!);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(statSync(cacheRoot).mode & 0o777).to.equal(0o700);
    const before = statSync(file);
    const again = run();
    expect(again.stdout).to.equal(`sum 6 ${bundle}\n`);
    // A cache V8 rejected would have been written again at exit.
    const after = statSync(file);
    expect([after.ino, after.mtimeMs]).to.deep.equal([before.ino, before.mtimeMs]);
  });

  it('replaces a cache V8 rejects, and the program runs the same', () => {
    run();
    const file = join(cacheRoot, cacheFiles()[0]!);
    writeFileSync(file, 'not a code cache');
    const r = run();
    expect(r.status).to.equal(0);
    expect(r.stdout).to.equal(`sum 6 ${bundle}\n`);
    expect(readFileSync(file).toString()).to.not.equal('not a code cache');
    expect(readFileSync(file).length).to.be.greaterThan(100);
  });

  it('writes nothing after a failed run', () => {
    expect(run(1).status).to.equal(1);
    expect(cacheFiles()).to.deep.equal([]);
  });

  it("gives a rebuilt bundle a directory of its own, drops the old build, keeps another install's and drops one idle for 30 days", () => {
    mkdirSync(cacheRoot, { recursive: true, mode: 0o700 });
    mkdirSync(join(cacheRoot, 'otherinstall-1-2'));
    mkdirSync(join(cacheRoot, 'goneinstall-1-2'));
    const longAgo = new Date(Date.now() - IDLE_BUILD_MS - 60_000);
    utimesSync(join(cacheRoot, 'goneinstall-1-2'), longAgo, longAgo);
    run();
    expect(readdirSync(cacheRoot)).to.not.include('goneinstall-1-2');
    const [oldBuild] = cacheFiles().filter((f) => !f.startsWith('otherinstall'));
    writeFileSync(bundle, `${BUNDLE}// rebuilt\n`);
    writeBuildRecord(bundle);
    expect(run().stdout).to.equal(`sum 6 ${bundle}\n`);
    const builds = readdirSync(cacheRoot).sort();
    expect(builds).to.have.length(2);
    expect(builds).to.include('otherinstall-1-2');
    expect(builds).to.not.include(oldBuild!.split('/')[0]);
  });

  describe('keyed on the content hash the build recorded', () => {
    // Same length as BUNDLE, different code: V8 checks only a source's length, so an old cache would run the old functions.
    const SAME_SIZE = BUNDLE.replace('a + b, 0', 'a - b, 0');
    const keepingMtime = (write: () => void) => {
      const { atimeMs, mtimeMs, size } = statSync(bundle);
      write();
      utimesSync(bundle, atimeMs / 1000, mtimeMs / 1000);
      expect(statSync(bundle).size).to.equal(size);
      // What the old key read of the mtime: whole milliseconds.
      expect(Math.trunc(statSync(bundle).mtimeMs)).to.equal(Math.trunc(mtimeMs));
    };
    const build = () => {
      // The build step as `npm run build:cli-bundle` runs it: a real process.
      const r = spawnSync(process.execPath, [RECORDER, bundle], { encoding: 'utf8' });
      expect(r.status, r.stderr).to.equal(0);
    };

    it('a rebuild of the same size with its mtime put back runs the new code', () => {
      expect(run().stdout).to.equal(`sum 6 ${bundle}\n`);
      expect(run().stdout).to.equal(`sum 6 ${bundle}\n`);
      const [before] = cacheFiles();
      keepingMtime(() => writeFileSync(bundle, SAME_SIZE));
      build();
      expect(run().stdout).to.equal(`sum -6 ${bundle}\n`);
      const after = cacheFiles();
      expect(after, after.join()).to.have.length(1);
      expect(after[0]).to.match(/-list\.v8$/);
      expect(after[0]).to.not.equal(before);
    });

    it('a same-size edit without a rebuild (stale record) runs the new code, uncached', () => {
      run();
      keepingMtime(() => writeFileSync(bundle, SAME_SIZE));
      expect(run().stdout).to.equal(`sum -6 ${bundle}\n`);
      expect(run().stdout).to.equal(`sum -6 ${bundle}\n`);
      // The old build's cache is still the only one: nothing was written for content the record does not describe.
      expect(cacheFiles()).to.have.length(1);
    });

    it('runs uncached, writing nothing, without a record or with one that does not fit', () => {
      rmSync(`${bundle}${BUILD_RECORD_SUFFIX}`);
      expect(run().stdout).to.equal(`sum 6 ${bundle}\n`);
      expect(cacheFiles()).to.deep.equal([]);
      writeFileSync(`${bundle}${BUILD_RECORD_SUFFIX}`, '{"sha256": "not a hash"}');
      expect(run().stdout).to.equal(`sum 6 ${bundle}\n`);
      expect(cacheFiles()).to.deep.equal([]);
    });

    it('a copy (an install: new ctime) is hashed once, then cached like the original', () => {
      const copy = join(dir, 'installed');
      mkdirSync(copy);
      for (const f of ['program.js', `program.js${BUILD_RECORD_SUFFIX}`, 'helper.js']) copyFileSync(join(dir, 'app', f), join(copy, f));
      bundle = join(copy, 'program.js');
      expect(run().stdout).to.equal(`sum 6 ${bundle}\n`);
      const files = cacheFiles();
      expect(files.map((f) => f.split('/')[1]).sort()).to.deep.equal([`${process.version}-${process.arch}-list.v8`, 'verified']);
      const cached = statSync(join(cacheRoot, files.find((f) => f.endsWith('.v8'))!));
      expect(run().stdout).to.equal(`sum 6 ${bundle}\n`);
      const again = statSync(join(cacheRoot, files.find((f) => f.endsWith('.v8'))!));
      expect([again.ino, again.mtimeMs]).to.deep.equal([cached.ino, cached.mtimeMs]);
    });
  });

  it('neither reads nor writes a cache directory that other users can write', () => {
    run();
    const file = join(cacheRoot, cacheFiles()[0]!);
    writeFileSync(file, 'planted');
    chmodSync(cacheRoot, 0o777);
    const r = run();
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(`sum 6 ${bundle}\n`);
    expect(readFileSync(file, 'utf8')).to.equal('planted');
  });

  it("makes no cache directory inside another user's directory (sudo -E keeps the user's XDG_CACHE_HOME)", () => {
    // Runs as root, as the suite does, to hand the directory to another user.
    const theirs = join(dir, 'theirs');
    mkdirSync(theirs);
    chownSync(theirs, 4242, 4242);
    const r = run(0, join(theirs, 'mcp', 'compiled'));
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(`sum 6 ${bundle}\n`);
    expect(readdirSync(theirs)).to.deep.equal([]);
  });

  it('runs the program when the cache directory cannot be made', () => {
    writeFileSync(join(dir, 'cache'), 'a file where the directory should be');
    const r = run();
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(`sum 6 ${bundle}\n`);
  });

  it('names the slot after the command: the first plain word, else help', () => {
    expect(commandSlot(['--json', 'ps'])).to.equal('ps');
    expect(commandSlot(['--config', '/etc/mcp/mcp.toml', 'list'])).to.equal('list');
    expect(commandSlot(['node', 'add', 'rift'])).to.equal('node');
    expect(commandSlot(['--help'])).to.equal('help');
    expect(commandSlot([])).to.equal('help');
  });

  describe('the real mcp binary', () => {
    it('runs from its bundle and keeps a compiled cache per command under $XDG_CACHE_HOME', () => {
      const env = { ...process.env, XDG_CACHE_HOME: join(dir, 'xdg') };
      const first = spawnSync(process.execPath, [join(CLI_DIR, 'main.js'), '--help'], { encoding: 'utf8', env });
      expect(first.status, first.stderr).to.equal(0);
      expect(first.stdout).to.match(/^Usage: mcp /);
      const root = join(dir, 'xdg', 'mcp', 'compiled');
      expect(cacheFiles(root).map((f) => f.split('/')[1])).to.deep.equal([`${process.version}-${process.arch}-help.v8`]);
      const second = spawnSync(process.execPath, [join(CLI_DIR, 'main.js'), '--help'], { encoding: 'utf8', env });
      expect(second.stdout).to.equal(first.stdout);
    });

    it('says in one line how to build it when the bundle is missing', () => {
      const bare = join(dir, 'bare');
      mkdirSync(bare);
      for (const f of ['main.js', 'compiled-bundle.js']) copyFileSync(join(CLI_DIR, f), join(bare, f));
      const r = spawnSync(process.execPath, [join(bare, 'main.js'), 'list'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: join(dir, 'xdg') } });
      expect(r.status).to.equal(1);
      expect(r.stderr).to.equal(`mcp: ${join(bare, 'mcp.bundle.js')} is missing: build it with \`npm run build\`\n`);
    });
  });
});
