/*
 * The container list of the Engine API has no start time, only a human
 * "Status" ("Up 5 minutes"). Inspecting every container on every listing
 * would make one listing N+1 calls; instead the start time is inspected
 * once per container start and kept by container ID. A listing whose Status
 * says the container has been up for less than the kept time allows (it
 * restarted in between, e.g. by its restart policy) asks again.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Clock differences between the engine and us. */
const SLACK_MS = 2 * SECOND;

/**
 * The longest uptime a Docker-style status ("Up 3 hours", "Up About a
 * minute (healthy)") can stand for (go-units HumanDuration rounds down,
 * hours to the nearest); undefined when it cannot be read.
 */
export function uptimeUpperBoundMs(status: string): number | undefined {
  const s = status.toLowerCase();
  if (!s.startsWith('up ')) return undefined;
  if (s.includes('less than a second')) return SECOND;
  if (s.includes('about a minute')) return 2 * MINUTE;
  if (s.includes('about an hour')) return 1.5 * HOUR;
  const m = /up (\d+) (second|minute|hour|day|week|month|year)s?/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!;
  const ms: Record<string, number> = { second: SECOND, minute: MINUTE, hour: HOUR, day: DAY, week: 7 * DAY, month: 30 * DAY, year: 365 * DAY };
  return unit === 'hour' ? (n + 0.5) * HOUR : (n + 1) * ms[unit]!;
}

interface Kept {
  readonly startedAt: Date;
}

export class StartTimes {
  private readonly byId = new Map<string, Kept>();

  /** IDs of running containers whose start time must be (re)read. */
  stale(running: readonly { id: string; status: string }[], now: number): string[] {
    return running
      .filter(({ id, status }) => {
        const kept = this.byId.get(id);
        if (!kept) return true;
        const bound = uptimeUpperBoundMs(status);
        return bound !== undefined && now - kept.startedAt.getTime() > bound + SLACK_MS;
      })
      .map((c) => c.id);
  }

  set(id: string, startedAt: Date): void {
    this.byId.set(id, { startedAt });
  }

  get(id: string): Date | undefined {
    return this.byId.get(id)?.startedAt;
  }

  /** Forgets containers no longer running (a later start gives a new time). */
  keepOnly(running: ReadonlySet<string>): void {
    for (const id of this.byId.keys()) if (!running.has(id)) this.byId.delete(id);
  }
}
