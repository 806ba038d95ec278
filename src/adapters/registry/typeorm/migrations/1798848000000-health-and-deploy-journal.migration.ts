import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Health checks travel with the component spec (`health_check`, JSON, NULL =
 * no check) and the last verdict is kept beside the observed state
 * (`health`, NULL = not judged yet). `deploy_journal` holds what a deploy in
 * progress must undo if the agent dies: one row per service, no foreign key
 * (a first deploy has no service row yet).
 */
export class HealthAndDeployJournal1798848000000 implements MigrationInterface {
  name = 'HealthAndDeployJournal1798848000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE components ADD COLUMN health_check TEXT`);
    await q.query(`ALTER TABLE components ADD COLUMN health TEXT`);
    await q.query(`CREATE TABLE deploy_journal (service TEXT PRIMARY KEY NOT NULL, started_at INTEGER NOT NULL, detail TEXT NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deploy_journal`);
    await q.query(`ALTER TABLE components DROP COLUMN health`);
    await q.query(`ALTER TABLE components DROP COLUMN health_check`);
  }
}
