import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type sqlite3 from 'sqlite3';
import type { Clock } from '../../../application/shared/ports/clock.port';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { registryFailure } from './registry-errors';
import { closeQuietly, fileExists, openExisting, runSql } from './sqlite-file';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `yyyymmddThhmmssZ` in UTC. */
export function snapshotStamp(at: Date): string {
  return `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}Z`;
}

/**
 * Copies the registry with `VACUUM INTO <backupDir>/mcp-<UTC stamp>.db`:
 * a consistent copy even while the agent writes, leaving the original as it is.
 * Returns the path written.
 */
export async function snapshotDatabase(dbPath: string, backupDir: string, clock: Clock): Promise<string> {
  if (!(await fileExists(dbPath))) {
    throw new DomainError(ErrorCode.FileNotFound, `registry database ${dbPath} does not exist; nothing to snapshot (check [database] path)`);
  }
  const target = join(backupDir, `mcp-${snapshotStamp(clock.now())}.db`);
  try {
    await mkdir(backupDir, { recursive: true });
  } catch (e) {
    throw registryFailure(dbPath, `snapshot: create backup_dir ${backupDir}`, e);
  }
  // VACUUM INTO refuses a non-empty file too; this check gives the clearer message.
  if (await fileExists(target)) {
    throw new DomainError(ErrorCode.InvalidArgument, `snapshot ${target} already exists; refusing to overwrite it (move it away or wait a second)`);
  }
  let db: sqlite3.Database | undefined;
  try {
    db = await openExisting(dbPath, 'read-write');
    db.configure('busyTimeout', 5000);
    await runSql(db, 'VACUUM INTO ?', [target]);
  } catch (e) {
    throw registryFailure(dbPath, `snapshot into ${target}`, e);
  } finally {
    if (db) await closeQuietly(db);
  }
  return target;
}
