import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type sqlite3 from 'sqlite3';
import { messageOf } from '../../../domain/errors/domain-error';
import { allRows, closeQuietly, isCorruptionError, openExisting } from './sqlite-file';

export type IntegrityCheck = 'quick_check' | 'integrity_check';

/** Problems beyond these are left out: one line must stay readable. */
const SHOWN_PROBLEMS = 2;

/**
 * Runs `PRAGMA quick_check` (or the slower `integrity_check`) on an existing
 * file. Returns undefined when SQLite answers "ok", else what it found, on
 * one line. Errors other than corruption (unreadable file, locked) propagate.
 */
export async function findCorruption(path: string, check: IntegrityCheck, mode: 'read-only' | 'read-write'): Promise<string | undefined> {
  let db: sqlite3.Database | undefined;
  try {
    db = await openExisting(path, mode);
    db.configure('busyTimeout', 5000);
    const rows = await allRows<Record<string, unknown>>(db, `PRAGMA ${check}`);
    const problems = rows.map((r) => String(Object.values(r)[0]));
    if (problems.length === 1 && problems[0] === 'ok') return undefined;
    const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => p.replace(/\*\*\* in database main \*\*\*\s*/, '').replace(/\s+/g, ' ').trim());
    const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : '';
    return `${check}: ${shown.join('; ')}${more}`;
  } catch (e) {
    if (isCorruptionError(e)) return messageOf(e).split('\n')[0];
    throw e;
  } finally {
    if (db) await closeQuietly(db);
  }
}

/** The newest `mcp-<stamp>.db` in `backupDir` (stamps sort as text), if any. */
export async function newestSnapshot(backupDir: string): Promise<string | undefined> {
  const names = await readdir(backupDir).catch(() => [] as string[]);
  const snapshots = names.filter((n) => /^mcp-\d{8}T\d{6}Z\.db$/.test(n)).sort();
  const newest = snapshots[snapshots.length - 1];
  return newest === undefined ? undefined : join(backupDir, newest);
}
