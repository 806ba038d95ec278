import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import type { Clock } from '../../../application/shared/ports/clock.port';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { registryFailure } from './registry-errors';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `yyyymmddThhmmssZ` in UTC. */
export function snapshotStamp(at: Date): string {
  return `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}Z`;
}

const exists = (path: string): Promise<boolean> =>
  access(path, constants.F_OK).then(
    () => true,
    () => false,
  );

function openExisting(path: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    // No OPEN_CREATE: a snapshot must never conjure an empty registry.
    const db = new sqlite3.Database(path, sqlite3.OPEN_READWRITE, (err) => (err ? reject(err) : resolve(db)));
  });
}

const exec = (db: sqlite3.Database, sql: string, params: unknown[]): Promise<void> => new Promise((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
const close = (db: sqlite3.Database): Promise<void> => new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));

/**
 * Copies the registry with `VACUUM INTO <backupDir>/mcp-<UTC stamp>.db`:
 * a consistent copy even while the agent writes, leaving the original as it is.
 * Returns the path written.
 */
export async function snapshotDatabase(dbPath: string, backupDir: string, clock: Clock): Promise<string> {
  if (!(await exists(dbPath))) {
    throw new DomainError(ErrorCode.FileNotFound, `registry database ${dbPath} does not exist; nothing to snapshot (check [database] path)`);
  }
  const target = join(backupDir, `mcp-${snapshotStamp(clock.now())}.db`);
  try {
    await mkdir(backupDir, { recursive: true });
  } catch (e) {
    throw registryFailure(dbPath, `snapshot: create backup_dir ${backupDir}`, e);
  }
  // VACUUM INTO refuses a non-empty file too; this check gives the clearer message.
  if (await exists(target)) {
    throw new DomainError(ErrorCode.InvalidArgument, `snapshot ${target} already exists; refusing to overwrite it (move it away or wait a second)`);
  }
  let db: sqlite3.Database | undefined;
  try {
    db = await openExisting(dbPath);
    db.configure('busyTimeout', 5000);
    await exec(db, 'VACUUM INTO ?', [target]);
  } catch (e) {
    throw registryFailure(dbPath, `snapshot into ${target}`, e);
  } finally {
    if (db) await close(db).catch(() => undefined);
  }
  return target;
}
