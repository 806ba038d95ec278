import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deploy journal records each step as it is done (contract v3, "Deploy
 * protocol, proven"): one appended row per step, and a `committed` mark set
 * in the transaction that saves the new spec, so an entry outlives its
 * commit until the `.mcp-prev` containers are gone. An entry left by the
 * code before (an agent upgraded over an interrupted deploy) gets a
 * `stopped` step for each component that had a container, so its undo
 * still trusts a `.mcp-prev` as that code did.
 */
export class DeployJournalSteps1799020800000 implements MigrationInterface {
  name = 'DeployJournalSteps1799020800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deploy_journal ADD COLUMN committed INTEGER NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE deploy_journal_steps (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        service   TEXT NOT NULL,
        component TEXT NOT NULL,
        step      TEXT NOT NULL,
        at        INTEGER NOT NULL
      )`);
    await q.query(`CREATE INDEX idx_deploy_journal_steps_service ON deploy_journal_steps (service, id)`);
    const entries = (await q.query(`SELECT service, started_at, detail FROM deploy_journal`)) as Array<{ service: string; started_at: number; detail: string }>;
    for (const e of entries) {
      for (const c of JSON.parse(e.detail) as Array<{ component: string; hadOld: boolean }>) {
        if (c.hadOld) await q.query(`INSERT INTO deploy_journal_steps (service, component, step, at) VALUES (?, ?, 'stopped', ?)`, [e.service, c.component, e.started_at]);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deploy_journal_steps`);
    await q.query(`ALTER TABLE deploy_journal DROP COLUMN committed`);
  }
}
