import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type * as Crypto from 'node:crypto';

/** Where and under which name a run keeps the code V8 compiled for it. */
export interface CompileCache {
  /** A directory only this user may write, e.g. ~/.cache/mcp/compiled. */
  readonly root: string;
  /** Runs that share a slot share their compiled code (one slot per command). */
  readonly slot: string;
}

/**
 * Runs a CommonJS bundle the way `require` would, but hands V8 the code it
 * compiled on an earlier run of the same bundle, Node and slot (Node 20 has no
 * module.enableCompileCache). A cache that cannot be read, written or trusted
 * only costs the time it would have saved; it never changes what runs.
 */
export function runCachedBundle(bundlePath: string, cache: CompileCache): void {
  // esbuild writes ASCII only (--charset=ascii), so latin1 reads it byte for byte, without UTF-8 decoding.
  const source = readFileSync(bundlePath, 'latin1');
  const file = cacheFile(bundlePath, source, cache);
  const cachedData = file === undefined ? undefined : readIfPresent(file);
  // The wrapper stays on the bundle's first line, so stack traces keep its line numbers.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundlePath,
    ...(cachedData !== undefined ? { cachedData } : {}),
  });
  if (file !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    // Written at exit, so it holds every function this command compiled; only
    // after a success, whose path is the one worth keeping.
    process.once('exit', (code) => {
      if (code === 0) save(file, () => script.createCachedData());
    });
  }
  const run = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
  const module = { exports: {} };
  run(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
}

/**
 * The first plain word of the command line (`mcp --json ps` → "ps"), else
 * "help". Only a name for a cache file: a word that is no command gets a slot
 * of its own and nothing worse.
 */
export function commandSlot(argv: readonly string[]): string {
  return argv.find((a) => /^[a-z][a-z0-9-]{0,31}$/.test(a)) ?? 'help';
}

/** Beside the bundle: what the build hashed (bundle-build-record.ts writes it). */
export const BUILD_RECORD_SUFFIX = '.build.json';

/** The bundle as the build saw it: its content's SHA-256, and the size and ctime it had then. */
export interface BuildRecord {
  readonly sha256: string;
  readonly size: number;
  readonly ctimeMs: number;
}

/**
 * The content hash the build recorded. The record vouches for the very file
 * it was made for (same size and ctime: any write since, even one that puts
 * the mtime back, changes the ctime, which utimes cannot set). A copy (an
 * install) has a new ctime: its content is hashed once, and the result is
 * remembered in this user's cache beside the compiled code. A missing or
 * malformed record, or content that does not match it, means no cache.
 */
function buildKey(bundlePath: string, source: string, bundle: { size: number; ctimeMs: number }, cache: CompileCache): string | undefined {
  const record = JSON.parse(readFileSync(`${bundlePath}${BUILD_RECORD_SUFFIX}`, 'utf8')) as Partial<BuildRecord>;
  if (typeof record.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(record.sha256) || record.size !== bundle.size) return undefined;
  const key = record.sha256.slice(0, 20);
  if (record.ctimeMs === bundle.ctimeMs) return key;
  const seen = `${bundle.size} ${bundle.ctimeMs}`;
  const verified = join(cache.root, `${installKey(bundlePath)}-${key}`, VERIFIED);
  if (readIfPresent(verified)?.toString('latin1') === seen) return key;
  // Loaded only here: node:crypto costs a few milliseconds of every start.
  const crypto = createRequire(__filename)('node:crypto') as typeof Crypto;
  if (crypto.createHash('sha256').update(source, 'latin1').digest('hex') !== record.sha256) return undefined;
  save(verified, () => Buffer.from(seen, 'latin1'));
  return key;
}

/** In a build's cache directory: the size and ctime of a copy whose content was found to match the build's hash. */
const VERIFIED = 'verified';

/**
 * `<root>/<install>-<build>/<node version>-<arch>-<slot>.v8`, or nothing when
 * the root is not this user's alone (a cache another user can write is code
 * they could make us run). V8 checks its own version and flags but only the
 * length of the source, so the directory names the bundle's build by the
 * hash of its content, computed once by the build (hashing at every start
 * would cost more than the cache saves); the install (a hash of the
 * bundle's path) keeps two checkouts from evicting each other.
 */
function cacheFile(bundlePath: string, source: string, cache: CompileCache): string | undefined {
  try {
    const uid = process.getuid?.();
    if (uid === undefined || !ownRoot(cache.root, uid)) return undefined;
    const root = statSync(cache.root);
    if (root.uid !== uid || (root.mode & 0o022) !== 0) return undefined;
    const key = buildKey(bundlePath, source, statSync(bundlePath), cache);
    if (key === undefined) return undefined;
    return join(cache.root, `${installKey(bundlePath)}-${key}`, `${process.version}-${process.arch}-${cache.slot}.v8`);
  } catch {
    return undefined;
  }
}

/**
 * Makes the root when it is missing, but only inside a directory of this
 * user's: `sudo -E mcp` must not leave root-owned directories in a user's
 * ~/.cache (which that user then could not use).
 */
function ownRoot(root: string, uid: number): boolean {
  if (existsSync(root)) return true;
  let dir = dirname(root);
  while (!existsSync(dir)) dir = dirname(dir);
  if (statSync(dir).uid !== uid) return false;
  mkdirSync(root, { recursive: true, mode: 0o700 });
  return true;
}

/** FNV-1a of the path: short, stable, and no crypto to load for it. */
function installKey(path: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** A build directory nothing was written into for this long belongs to a checkout or install that is gone. */
export const IDLE_BUILD_MS = 30 * 24 * 3600 * 1000;

/**
 * Replaces the file whole (temp file + rename). Drops the caches of this
 * install's older builds, and of any build left idle for IDLE_BUILD_MS
 * (at worst, an install that was only idle compiles once more).
 */
function save(file: string, data: () => Buffer): void {
  try {
    const build = dirname(file);
    const root = dirname(build);
    const install = `${basename(build).split('-')[0]!}-`;
    for (const other of readdirSync(root)) {
      const path = join(root, other);
      if (path === build) continue;
      if (other.startsWith(install) || Date.now() - statSync(path).mtimeMs > IDLE_BUILD_MS) rmSync(path, { recursive: true, force: true });
    }
    mkdirSync(build, { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, data(), { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // A cache is an optimisation: a full disk or a read-only home costs speed, never the command.
  }
}
