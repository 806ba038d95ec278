import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import sqlite3 from 'sqlite3';

/**
 * Raw sqlite3 access for the tools around the registry (snapshot, integrity
 * check, restore): they work on files, before or beside TypeORM.
 */
export const fileExists = (path: string): Promise<boolean> =>
  access(path, constants.F_OK).then(
    () => true,
    () => false,
  );

/** Opens an existing file; never creates one (a tool must not conjure an empty registry). */
export function openExisting(path: string, mode: 'read-only' | 'read-write'): Promise<sqlite3.Database> {
  const flags = mode === 'read-only' ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE;
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, flags, (err) => (err ? reject(err) : resolve(db)));
  });
}

export const runSql = (db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<void> =>
  new Promise((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));

export const allRows = <T>(db: sqlite3.Database, sql: string): Promise<T[]> =>
  new Promise((resolve, reject) => db.all(sql, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));

export const closeQuietly = (db: sqlite3.Database): Promise<void> => new Promise((resolve) => db.close(() => resolve()));

const CORRUPT_CODES: ReadonlySet<string> = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/** True for SQLite's "the file is damaged or not a database" errors, raw or wrapped by TypeORM. */
export function isCorruptionError(e: unknown): boolean {
  const codeOf = (x: unknown) => (typeof x === 'object' && x !== null ? (x as { code?: unknown }).code : undefined);
  const driver = typeof e === 'object' && e !== null ? (e as { driverError?: unknown }).driverError : undefined;
  return [codeOf(e), codeOf(driver)].some((c) => typeof c === 'string' && CORRUPT_CODES.has(c));
}
