import { messageOf } from '../../domain/errors/domain-error';
import { PREVIOUS_SUFFIX, containerName, isPreviousContainer } from '../../domain/names/container-name';
import { LABEL_SERVICE } from '../../domain/service/container-spec';
import type { Clock } from '../shared/ports/clock.port';
import { ContainerOwnership } from './deploy/container-ownership';
import { resolveStalePrevious, settleEntry } from './deploy/settle-journal';
import type { ContainerInfo, ContainerRuntime } from './ports/container-runtime.port';
import type { DeployJournal } from './ports/deploy-journal.port';
import type { Registry } from './ports/registry.port';
import type { KeyedLock } from './support/keyed-lock';

export interface RecoveryReport {
  /** Services whose unfinished deploy was settled, with what could not be (kept for the next start unless nothing is left to put back). */
  readonly undone: ReadonlyArray<{ readonly service: string; readonly problems: readonly string[] }>;
  /** `.mcp-prev` containers no journal entry explains, and what was done with each. */
  readonly cleaned: readonly string[];
  /** What the engine's calls killed with the agent had left half-done, finished first (ContainerRuntime.reapOrphans). */
  readonly reaped: readonly string[];
}

/**
 * Runs once when the agent starts, before it serves: every deploy the
 * journal still holds is brought to its end by the journal's rules — a
 * committed one is finished forward (its `.mcp-prev` containers removed),
 * any other is undone exactly like a failed gate (the registry still holds
 * the previous spec, since the new one is saved in the same transaction
 * that marks the entry committed). What cannot be done keeps its entry for
 * the next start. A `.mcp-prev` no entry explains is resolved by the same
 * rule as before a swap: never deleted while it may be the only good copy.
 */
export class RecoverDeploysUseCase {
  constructor(
    private readonly registry: Registry,
    private readonly journal: DeployJournal,
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    private readonly lock: KeyedLock,
  ) {}

  async execute(): Promise<RecoveryReport> {
    // Before any restore: a forgotten container's monitor may still hold the ports the old one needs.
    const reaped = await this.reap();
    const undone: Array<{ service: string; problems: string[] }> = [];
    const kept = new Set<string>();
    const ports = { runtime: this.runtime, journal: this.journal, registry: this.registry, clock: this.clock };
    for (const entry of await this.journal.list()) {
      await this.lock.run(entry.service, async () => {
        const settled = await settleEntry(ports, entry);
        undone.push({ service: entry.service, problems: settled.problems });
        if (settled.kept) kept.add(entry.service);
      });
    }
    return { undone, cleaned: await this.cleanStale(kept), reaped };
  }

  /** Only this agent's services (another agent may share the engine); a failure is reported, the agent still starts. */
  private async reap(): Promise<string[]> {
    try {
      return await this.runtime.reapOrphans((await this.registry.listServices()).map((s) => s.name));
    } catch (e) {
      return [`(no look for orphaned engine processes: ${messageOf(e)})`];
    }
  }

  /** Services with a kept entry are left as they are: their `.mcp-prev` is the journal's to explain. */
  private async cleanStale(kept: ReadonlySet<string>): Promise<string[]> {
    let containers: ContainerInfo[];
    try {
      containers = await this.runtime.list();
    } catch (e) {
      // The agent still starts: what is left over is looked at again at the next start.
      return [`(no look for stale .mcp-prev containers: ${messageOf(e)})`];
    }
    const byName = new Map(containers.map((c) => [c.name, c]));
    const stale = containers.filter((c) => isPreviousContainer(c.name));
    const services = stale.length === 0 ? [] : await this.registry.listServices();
    const records = new Map(services.map((s) => [s.name, s]));
    // An adopted container carries no labels: its service is the one that records it.
    const recordedBy = new Map(services.flatMap((s) => s.components.map((c) => [containerName(s.name, c.spec.name), s.name] as const)));
    const cleaned: string[] = [];
    for (const prev of stale) {
      const base = prev.name.slice(0, -PREVIOUS_SUFFIX.length);
      const service = prev.labels[LABEL_SERVICE] ?? recordedBy.get(base);
      // Another agent's service on the same engine (or no service at all) is not this agent's to touch.
      const record = service === undefined ? undefined : records.get(service);
      if (service === undefined || record === undefined || kept.has(service)) continue;
      await this.lock.run(service, async () => {
        try {
          // Read above: nothing changes service records between the listing and here (the agent does not serve yet).
          const ours = new ContainerOwnership(service, record);
          const current = byName.get(base);
          const done = await resolveStalePrevious(this.runtime, ours, prev, current, base);
          // The only copy, given its name back, runs again as it did before its deploy began.
          if (!current) await this.runtime.start(base);
          cleaned.push(prev.name);
          await this.registry.addEvents([{ kind: 'deploy', service, component: '', outcome: 'recovered', at: this.clock.now(), message: done }]);
        } catch (e) {
          cleaned.push(`${prev.name} (failed: ${messageOf(e)})`);
        }
      });
    }
    return cleaned;
  }
}
