import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which components run a container `mcp adopt` took in (no MCP labels):
 * only those may a deploy replace without labels. Rows from before this
 * column keep what the agent did then (any unlabelled container of a
 * recorded component was taken as its own) until their next deploy, which
 * clears the mark: an upgrade never refuses a deploy that worked before it.
 */
export class AdoptedComponents1799193600000 implements MigrationInterface {
  name = 'AdoptedComponents1799193600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE components ADD COLUMN adopted INTEGER NOT NULL DEFAULT 0`);
    await q.query(`UPDATE components SET adopted = 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE components DROP COLUMN adopted`);
  }
}
