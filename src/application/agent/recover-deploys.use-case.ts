import { messageOf } from '../../domain/errors/domain-error';
import { PREVIOUS_SUFFIX, isPreviousContainer } from '../../domain/names/container-name';
import { LABEL_SERVICE } from '../../domain/service/container-spec';
import type { Clock } from '../shared/ports/clock.port';
import { undoComponents } from './deploy/undo-deploy';
import type { ContainerRuntime } from './ports/container-runtime.port';
import type { DeployJournal } from './ports/deploy-journal.port';
import type { Registry } from './ports/registry.port';
import type { KeyedLock } from './support/keyed-lock';

export interface RecoveryReport {
  /** Services whose interrupted deploy was undone, with what could not be restored. */
  readonly undone: ReadonlyArray<{ readonly service: string; readonly problems: readonly string[] }>;
  /** `.mcp-prev` containers left by a deploy that had committed: removed. */
  readonly cleaned: readonly string[];
  /** What the engine's calls killed with the agent had left half-done, finished first (ContainerRuntime.reapOrphans). */
  readonly reaped: readonly string[];
}

/**
 * Runs once when the agent starts, before it serves: every deploy the
 * journal still holds was cut short by a crash and is undone exactly like a
 * failed gate (the registry still holds the previous spec, since the new one
 * is saved in the same transaction that forgets the entry). A `.mcp-prev`
 * with no entry belongs to a deploy that committed and died before its
 * clean-up: the new container is there, so the old one goes.
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
    const ours = (await this.registry.listServices()).map((s) => s.name);
    const reaped = await this.runtime.reapOrphans(ours);
    const undone: Array<{ service: string; problems: string[] }> = [];
    for (const entry of await this.journal.list()) {
      await this.lock.run(entry.service, async () => {
        const results = await undoComponents(this.runtime, entry.components);
        const problems = [...results.entries()].filter(([, e]) => e !== undefined).map(([c, e]) => `${c}: ${e!.message}`);
        await this.journal.clear(entry.service);
        const message = `deploy started ${entry.startedAt.toISOString()} was interrupted by an agent restart; ${problems.length === 0 ? 'restored' : `restore failed for ${problems.join('; ')}`}`;
        await this.registry.addEvents([{ kind: 'deploy', service: entry.service, component: '', outcome: 'recovered', at: this.clock.now(), message }]);
        undone.push({ service: entry.service, problems });
      });
    }
    return { undone, cleaned: await this.cleanCommitted(new Set(ours)), reaped };
  }

  /** Only the `.mcp-prev` of this agent's services: another agent's on the same engine may be mid-deploy. */
  private async cleanCommitted(ours: ReadonlySet<string>): Promise<string[]> {
    const containers = await this.runtime.list();
    const names = new Set(containers.map((c) => c.name));
    const cleaned: string[] = [];
    for (const prev of containers.filter((c) => isPreviousContainer(c.name) && ours.has(c.labels[LABEL_SERVICE] ?? '')).map((c) => c.name)) {
      const base = prev.slice(0, -PREVIOUS_SUFFIX.length);
      try {
        if (names.has(base)) {
          await this.runtime.remove(prev);
        } else {
          // No journal and no new container: give the old one its name back rather than lose it.
          await this.runtime.rename(prev, base);
          await this.runtime.start(base);
        }
        cleaned.push(prev);
      } catch (e) {
        cleaned.push(`${prev} (failed: ${messageOf(e)})`);
      }
    }
    return cleaned;
  }
}
