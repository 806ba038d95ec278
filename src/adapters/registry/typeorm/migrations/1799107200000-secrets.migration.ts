import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * v3 secrets. A component's references (env name → secret, path → secret)
 * travel with its spec as one JSON column (`secret_refs`, NULL = none).
 * `secret_versions` holds every kept version of every secret, encrypted
 * (AES-256-GCM, iv ‖ tag ‖ ciphertext, the key outside the database), so
 * a snapshot carries ciphertext only. A service's current version of a
 * secret is its highest `live` row; `mcp secret rm` clears `live` and keeps
 * the versions revisions still use. No foreign key: a secret is set before
 * the first deploy of its service.
 */
export class Secrets1799107200000 implements MigrationInterface {
  name = 'Secrets1799107200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE components ADD COLUMN secret_refs TEXT`);
    await q.query(`
      CREATE TABLE secret_versions (
        service TEXT NOT NULL,
        name    TEXT NOT NULL,
        version INTEGER NOT NULL,
        value   BLOB NOT NULL,
        size    INTEGER NOT NULL,
        at      INTEGER NOT NULL,
        caller  TEXT NOT NULL,
        live    INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (service, name, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE secret_versions`);
    await q.query(`ALTER TABLE components DROP COLUMN secret_refs`);
  }
}
