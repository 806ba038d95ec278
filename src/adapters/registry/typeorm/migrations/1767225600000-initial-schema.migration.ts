import type { MigrationInterface, QueryRunner } from 'typeorm';

const listTable = (table: string): string => `
  CREATE TABLE ${table} (
    service   TEXT NOT NULL,
    component TEXT NOT NULL,
    position  INTEGER NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (service, component, position),
    FOREIGN KEY (service, component) REFERENCES components (service, name) ON DELETE CASCADE
  )`;

/**
 * Written by hand (never `synchronize`): the schema is part of what a node
 * keeps across upgrades, so every change is a reviewed, ordered step.
 */
export class InitialSchema1767225600000 implements MigrationInterface {
  name = 'InitialSchema1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE services (
        name   TEXT PRIMARY KEY NOT NULL,
        node   TEXT NOT NULL,
        active INTEGER NOT NULL
      )`);
    await q.query(`
      CREATE TABLE components (
        service     TEXT NOT NULL REFERENCES services (name) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        position    INTEGER NOT NULL,
        image       TEXT NOT NULL,
        network     TEXT,
        user        TEXT,
        restart     TEXT NOT NULL,
        pull        TEXT NOT NULL,
        desired     TEXT NOT NULL,
        observed    TEXT NOT NULL,
        version     TEXT NOT NULL DEFAULT '',
        observed_at INTEGER,
        started_at  INTEGER,
        PRIMARY KEY (service, name)
      )`);
    await q.query(listTable('component_ports'));
    await q.query(listTable('component_volumes'));
    await q.query(listTable('component_cmd'));
    await q.query(`
      CREATE TABLE component_env (
        service   TEXT NOT NULL,
        component TEXT NOT NULL,
        key       TEXT NOT NULL,
        value     TEXT NOT NULL,
        PRIMARY KEY (service, component, key),
        FOREIGN KEY (service, component) REFERENCES components (service, name) ON DELETE CASCADE
      )`);
    // Events hang off the service, not the component: saveService replaces
    // components wholesale and must not wipe the history flap detection reads.
    await q.query(`
      CREATE TABLE events (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        service    TEXT NOT NULL REFERENCES services (name) ON DELETE CASCADE,
        component  TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state   TEXT NOT NULL,
        at         INTEGER NOT NULL
      )`);
    await q.query(`CREATE INDEX idx_events_service_component_at ON events (service, component, at)`);
    await q.query(`CREATE INDEX idx_events_at ON events (at)`);
    await q.query(`
      CREATE TABLE unmanaged_containers (
        name     TEXT PRIMARY KEY NOT NULL,
        image    TEXT NOT NULL,
        observed TEXT NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['unmanaged_containers', 'events', 'component_env', 'component_cmd', 'component_volumes', 'component_ports', 'components', 'services']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
