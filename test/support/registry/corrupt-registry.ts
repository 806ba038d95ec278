import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import sqlite3 from 'sqlite3';

function rootPageOf(dbPath: string, table: string): Promise<{ page: number; pageSize: number }> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(dbPath, sqlite3.OPEN_READONLY, (err) => {
      if (err) return reject(err);
      db.get("SELECT rootpage AS page, (SELECT page_size FROM pragma_page_size()) AS pageSize FROM sqlite_master WHERE type = 'table' AND name = ?", [table], (e, row) => {
        db.close();
        if (e || !row) return reject(e ?? new Error(`no table ${table} in ${dbPath}`));
        resolve(row as { page: number; pageSize: number });
      });
    });
  });
}

/**
 * Damages a closed registry the way a bad disk does: the first cell pointer
 * of the `services` table's (leaf) root page now points into the page header.
 * The file still opens and TypeORM still migrates it, but `PRAGMA quick_check`
 * fails and reading services throws SQLITE_CORRUPT.
 */
export async function corruptServicesPage(dbPath: string): Promise<void> {
  const { page, pageSize } = await rootPageOf(dbPath, 'services');
  const offset = (page - 1) * pageSize;
  const fd = openSync(dbPath, 'r+');
  try {
    const header = Buffer.alloc(8);
    readSync(fd, header, 0, 8, offset);
    if (header[0] !== 0x0d || header.readUInt16BE(3) === 0) throw new Error(`services root page ${page} is not a leaf with rows; save a service first`);
    writeSync(fd, Buffer.from([0x00, 0x14]), 0, 2, offset + 8);
  } finally {
    closeSync(fd);
  }
}

/** Overwrites the 16-byte "SQLite format 3" magic: SQLite then calls it "not a database". */
export function clobberHeader(dbPath: string): void {
  const fd = openSync(dbPath, 'r+');
  try {
    writeSync(fd, Buffer.from('definitely not!!'), 0, 16, 0);
  } finally {
    closeSync(fd);
  }
}
