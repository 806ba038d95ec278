import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * v2 keeps each service's deploy history. A revision is a snapshot that is
 * read whole and never queried inside, so the spec and the per-component
 * images are JSON columns. Registries made before have no history: their
 * services start at revision 1 with their next deploy.
 */
export class Revisions1798934400000 implements MigrationInterface {
  name = 'Revisions1798934400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE revisions (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        service    TEXT NOT NULL REFERENCES services (name) ON DELETE CASCADE,
        number     INTEGER,
        at         INTEGER NOT NULL,
        caller     TEXT NOT NULL,
        result     TEXT NOT NULL,
        note       TEXT NOT NULL DEFAULT '',
        spec       TEXT NOT NULL,
        components TEXT NOT NULL,
        UNIQUE (service, number)
      )`);
    await q.query(`CREATE INDEX idx_revisions_service_id ON revisions (service, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE revisions`);
  }
}
