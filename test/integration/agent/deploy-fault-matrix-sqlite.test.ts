import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenedSqliteRegistry, openSqliteRegistry } from '../../../src/adapters/registry/typeorm/sqlite-registry.factory';
import { FakeRuntime } from '../../fakes/fake-runtime';
import { type WorldMaker, cleanDeployCalls, crashAfter, failAt, faultInUndo, lastGate, undoCallsAfter } from '../../support/deploy/fault-matrix';
import type { FaultWorld } from '../../support/deploy/fault-world';

/**
 * The deploy fault matrix with the real journal: the SQLite registry file,
 * closed and opened again for the agent that starts after a crash.
 */
describe('deploy protocol under every fault, with the real SQLite journal', function () {
  this.timeout(300_000);
  const dirs: string[] = [];
  const open = new Map<FaultWorld, { path: string; db: OpenedSqliteRegistry }>();

  const worldOn = async (runtime: FakeRuntime, path: string): Promise<FaultWorld> => {
    const db = await openSqliteRegistry(path);
    const world = { runtime, registry: db.registry, journal: db.registry };
    open.set(world, { path, db });
    return world;
  };
  const sqlite: WorldMaker = {
    async make() {
      const dir = mkdtempSync(join(tmpdir(), 'mcp-fault-matrix-'));
      dirs.push(dir);
      return worldOn(new FakeRuntime(), join(dir, 'mcp.db'));
    },
    async reopen(world) {
      const was = open.get(world)!;
      await was.db.close();
      open.delete(world);
      return worldOn(world.runtime, was.path);
    },
  };

  let clean: string[];
  before(async () => {
    clean = await cleanDeployCalls(sqlite);
  });
  afterEach(async () => {
    for (const { db } of open.values()) await db.close();
    open.clear();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('(a) a failure of the k-th call, for every k', async () => {
    for (const [i, call] of clean.entries()) await failAt(sqlite, i + 1, call);
  });

  it('(b) a crash after the k-th call, for every k, then a new agent on the reopened file recovers', async () => {
    for (const [i, call] of clean.entries()) await crashAfter(sqlite, i + 1, call);
  });

  it('a failed undo keeps its entry in the file, and the next start (file reopened) finishes it', async () => {
    const k = lastGate(clean);
    const undoCalls = await undoCallsAfter(sqlite, k);
    const kept = [];
    for (const [i, call] of undoCalls.entries()) kept.push(await faultInUndo(sqlite, k, i + 1, 'fail', call));
    expect(kept.filter(Boolean).length).to.be.greaterThan(0);
  });
});
