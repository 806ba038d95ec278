import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenedSqliteRegistry, openSqliteRegistry } from '../src/adapters/registry/typeorm/sqlite-registry.factory';
import { type PodmanFixture, podmanFixture, teardownPodmanFixture } from '../test/support/podman/podman-fixture';

/** What a bench on real podman works with. */
export interface PodmanBench {
  readonly pod: PodmanFixture;
  /** A fresh SQLite registry in a temp dir. */
  readonly db: OpenedSqliteRegistry;
  /** `<run prefix><label>`: containers whose names start with it are removed afterwards. */
  readonly prefix: string;
}

/** Runs `body` on the shared podman fixture and a fresh registry; removes its containers, the registry and its dir afterwards. */
export async function withPodmanBench(label: string, body: (b: PodmanBench) => Promise<void>): Promise<void> {
  const pod = await podmanFixture();
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bench-'));
  const db = await openSqliteRegistry(join(dir, 'mcp.db'));
  const prefix = `${pod.runPrefix}${label}`;
  try {
    await body({ pod, db, prefix });
  } finally {
    await pod.removeContainers(prefix);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs one podman bench on its own (`node dist/bench/<name>.bench.js`), tearing the fixture down after it however it ends. */
export function runAloneOnPodman(bench: () => Promise<void>): void {
  bench()
    .then(teardownPodmanFixture)
    .catch(async (e: unknown) => {
      console.error(e);
      await teardownPodmanFixture();
      process.exitCode = 1;
    });
}
