import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteRegistry } from '../src/adapters/registry/typeorm/sqlite-registry.factory';

const TOTAL_EVENTS = 1_000_000;
const SERVICES = 10;
const COMPONENTS_PER_SERVICE = 10;
const FILL_BATCH = 200_000;
const SPAN_MS = 30 * 24 * 3600 * 1000; // retention: 30 days of history
const START_MS = Date.parse('2026-01-01T00:00:00Z');
const WINDOW_MS = 10 * 60 * 1000;
const RUNS = 50;
const TARGET_MS = 5;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** countEvents (flap detection's query) over a 10-minute window, with 1M events across 100 components. */
export async function benchRegistryEvents(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bench-registry-'));
  const opened = await openSqliteRegistry(join(dir, 'mcp.db'));
  try {
    const { registry, dataSource } = opened;
    for (let s = 0; s < SERVICES; s++) {
      const components = Array.from({ length: COMPONENTS_PER_SERVICE }, (_, c) => ({
        spec: { name: `c${c}`, image: 'reg/x:v1', restart: 'no', ports: [], volumes: [], cmd: [], env: {}, pull: 'always' as const },
        desired: 'running' as const,
        observed: 'running' as const,
        version: 'v1',
      }));
      await registry.saveService({ name: `svc-${s}`, node: 'bench', active: true, components });
    }

    const fillStart = process.hrtime.bigint();
    const step = SPAN_MS / TOTAL_EVENTS;
    const componentsTotal = SERVICES * COMPONENTS_PER_SERVICE;
    for (let from = 0; from < TOTAL_EVENTS; from += FILL_BATCH) {
      const to = Math.min(from + FILL_BATCH, TOTAL_EVENTS) - 1;
      // Rows generated inside SQLite: one statement per big transaction.
      await dataSource.transaction((m) =>
        m.query(
          `WITH RECURSIVE seq(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
           INSERT INTO events (service, component, from_state, to_state, at)
           SELECT 'svc-' || ((i % ${componentsTotal}) / ${COMPONENTS_PER_SERVICE}), 'c' || (i % ${COMPONENTS_PER_SERVICE}),
                  CASE i % 2 WHEN 0 THEN 'running' ELSE 'exited' END, CASE i % 2 WHEN 0 THEN 'exited' ELSE 'running' END,
                  ? + CAST(i * ? AS INTEGER)
           FROM seq`,
          [from, to, START_MS, step],
        ),
      );
    }
    const fillMs = Number(process.hrtime.bigint() - fillStart) / 1e6;
    const stored = Number((await dataSource.query('SELECT COUNT(*) AS n FROM events'))[0].n);

    // As the monitor asks it: "now" is the newest event, the window the last 10 minutes.
    const since = new Date(START_MS + SPAN_MS - WINDOW_MS);
    const inWindow = await registry.countEvents('svc-3', 'c7', since);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const t0 = process.hrtime.bigint();
      await registry.countEvents('svc-3', 'c7', since);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const m = median(times);
    console.log(`registry fill: ${stored} events in ${(fillMs / 1000).toFixed(1)} s; svc-3/c7 has ${inWindow} in the window`);
    console.log(`registry.countEvents window (1M events): median ${m.toFixed(2)} ms (target < ${TARGET_MS} ms) ${m < TARGET_MS ? 'OK' : 'SLOW'}`);
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchRegistryEvents().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
