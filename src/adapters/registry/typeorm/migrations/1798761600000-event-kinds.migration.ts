import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * v2 records health and deploy events beside transitions. Existing rows are
 * all transitions, which the column default says; `detail` carries what only
 * some kinds have (a probe's output, a deploy's message and revision).
 */
export class EventKinds1798761600000 implements MigrationInterface {
  name = 'EventKinds1798761600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN kind TEXT NOT NULL DEFAULT 'transition'`);
    await q.query(`ALTER TABLE events ADD COLUMN detail TEXT NOT NULL DEFAULT ''`);
    await q.query(`CREATE INDEX idx_events_kind_at ON events (kind, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_events_kind_at`);
    await q.query(`ALTER TABLE events DROP COLUMN detail`);
    await q.query(`ALTER TABLE events DROP COLUMN kind`);
  }
}
