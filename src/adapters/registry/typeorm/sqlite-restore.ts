import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, chown, copyFile, mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Clock } from '../../../application/shared/ports/clock.port';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import { registryFailure } from './registry-errors';
import { allRows, closeQuietly, fileExists, openExisting } from './sqlite-file';
import { findCorruption } from './sqlite-integrity';
import { snapshotStamp } from './sqlite-snapshot';

export interface RestoreRequest {
  readonly snapshot: string;
  readonly dbPath: string;
  /** Replace a registry that passes quick_check too (a deliberate roll back). */
  readonly force: boolean;
}

export interface RestoreResult {
  readonly dbPath: string;
  readonly snapshot: string;
  /** Where the replaced database (and its -wal/-shm) went; empty when there was none. */
  readonly movedAside: readonly string[];
  /** What was wrong with the replaced database; undefined when it was healthy or absent. */
  readonly problem: string | undefined;
}

// The -wal must travel with its database: left behind, SQLite would replay it into the restored file.
const SIDE_FILES = ['', '-wal', '-shm'] as const;
const REQUIRED_TABLES = ['migrations', 'services'] as const;

const canonical = (path: string): Promise<string> => realpath(path).catch(() => resolve(path));

async function checkSnapshot(snapshot: string): Promise<void> {
  if (!(await fileExists(snapshot))) throw new DomainError(ErrorCode.FileNotFound, `snapshot ${snapshot}: no such file`);
  const problem = await findCorruption(snapshot, 'integrity_check', 'read-only').catch((e: unknown) => {
    throw new DomainError(ErrorCode.InvalidArgument, `snapshot ${snapshot} cannot be opened: ${messageOf(e).split('\n')[0]}; nothing was changed`);
  });
  if (problem !== undefined) {
    throw new DomainError(ErrorCode.RegistryCorrupt, `snapshot ${snapshot} is not usable (${problem}); nothing was changed, try an older snapshot`);
  }
  const db = await openExisting(snapshot, 'read-only');
  try {
    const tables = await allRows<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
    const missing = REQUIRED_TABLES.filter((t) => !tables.some((r) => r.name === t));
    if (missing.length > 0) {
      throw new DomainError(ErrorCode.InvalidArgument, `snapshot ${snapshot} is a SQLite database but not an MCP registry (no ${missing.join(', ')} table); nothing was changed`);
    }
  } finally {
    await closeQuietly(db);
  }
}

/** A private copy next to the database, flushed to disk, with the old file's mode and owner. */
async function stageCopy(snapshot: string, dbPath: string): Promise<string> {
  const temp = join(dirname(dbPath), `.${basename(dbPath)}.restore-${randomBytes(6).toString('hex')}`);
  const old = await stat(dbPath).catch(() => undefined);
  try {
    await mkdir(dirname(dbPath), { recursive: true });
    await copyFile(snapshot, temp, constants.COPYFILE_EXCL);
    await chmod(temp, old ? old.mode & 0o7777 : 0o640);
    if (old && process.getuid?.() === 0) await chown(temp, old.uid, old.gid);
    const handle = await open(temp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    return temp;
  } catch (e) {
    await rm(temp, { force: true });
    throw registryFailure(dbPath, `restore: copy ${snapshot}`, e);
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Checks the snapshot (integrity_check, and that it holds a registry),
 * refuses to replace a healthy database unless forced, moves the current
 * database and its -wal/-shm aside as `<db>.before-restore-<UTC>`, then
 * installs a copy of the snapshot with a rename. The agent must be stopped.
 */
export async function restoreDatabase(request: RestoreRequest, clock: Clock): Promise<RestoreResult> {
  const { snapshot, dbPath, force } = request;
  if ((await canonical(snapshot)) === (await canonical(dbPath))) {
    throw new DomainError(ErrorCode.InvalidArgument, `${snapshot} is the registry itself ([database] path); name a snapshot from backup_dir`);
  }
  await checkSnapshot(snapshot);

  const present = await fileExists(dbPath);
  // Read-only: the damaged file goes aside as it was found, without a checkpoint written into it.
  const problem = present
    ? await findCorruption(dbPath, 'quick_check', 'read-only').catch((e: unknown) => {
        throw registryFailure(dbPath, 'restore: check the current database', e);
      })
    : undefined;
  if (present && problem === undefined && !force) {
    throw new DomainError(
      ErrorCode.InvalidArgument,
      `registry ${dbPath} passes quick_check: restoring would drop what changed since the snapshot; stop the agent and add --force to roll back anyway`,
    );
  }

  const stamp = snapshotStamp(clock.now());
  const moves: [string, string][] = [];
  for (const suffix of SIDE_FILES) {
    if (await fileExists(dbPath + suffix)) moves.push([dbPath + suffix, `${dbPath}.before-restore-${stamp}${suffix}`]);
  }
  for (const [, aside] of moves) {
    if (await fileExists(aside)) throw new DomainError(ErrorCode.InvalidArgument, `${aside} already exists; refusing to overwrite it (move it away or wait a second)`);
  }

  const staged = await stageCopy(snapshot, dbPath);
  try {
    for (const [from, to] of moves) await rename(from, to);
    await rename(staged, dbPath);
    await syncDirectory(dirname(dbPath));
  } catch (e) {
    await rm(staged, { force: true });
    throw registryFailure(dbPath, 'restore: install the snapshot', e);
  }
  return { dbPath, snapshot, movedAside: moves.map(([, to]) => to), problem };
}
