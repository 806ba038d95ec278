import type { DeployProgress } from '../../../application/operator/ports/operator.ports';
import type { ServiceOutcome } from '../../../application/shared/results/component-outcome';
import type { DeployStep } from '../../../application/shared/results/deploy-step';
import { stepText } from '../../cli/format/deploy.format';
import { isUndone } from '../../cli/format/results.format';
import { ACTIONS_KEPT } from './live-hub';
import type { ActionRow, DeployResultRow } from './live-messages';

/**
 * The deploys, rollbacks and stop/start/restarts started from any page, with
 * the live steps DeployWatch sends: it is the DeployProgress of the
 * dashboard's DeployCommand, so a deploy is the same use case as `mcp deploy`.
 */
export class ActionBoard implements DeployProgress {
  private readonly rows = new Map<number, ActionRow>();
  private next = 1;

  constructor(
    private readonly publish: (row: ActionRow) => void,
    private readonly now: () => Date,
  ) {}

  /** The running action of a service, if any: a second one is refused while it runs. */
  running(service: string): ActionRow | undefined {
    return [...this.rows.values()].find((r) => r.service === service && r.state === 'running');
  }

  begin(service: string, action: ActionRow['action']): number {
    const id = this.next++;
    this.put({ id, service, action, state: 'running', startedAt: this.now().toISOString(), steps: [], results: [] });
    for (const old of [...this.rows.keys()].slice(0, Math.max(0, this.rows.size - ACTIONS_KEPT))) this.rows.delete(old);
    return id;
  }

  started(node: string, service: string): void {
    this.update(service, (r) => ({ ...r, node }));
  }

  step(_node: string, service: string, step: DeployStep): void {
    this.update(service, (r) => ({ ...r, steps: [...r.steps, { component: step.component, step: step.step, text: stepText(step) }] }));
  }

  finished(): void {
    // The outcome (or the error) comes with end(): the use case's result is the one truth.
  }

  /** The use case answered: every component's result, FAILED and restored ones named. */
  end(id: number, node: string, outcome: ServiceOutcome, summary: string): void {
    const results: DeployResultRow[] = outcome.results.map((c) => ({
      component: c.component,
      ok: c.ok,
      restored: c.restored === true,
      // A component put back only because another failed carries a "restored: …" note, not a reason of its own (as `mcp deploy` prints it).
      ...(c.error && !isUndone(c) ? { error: c.error.message } : {}),
      ...(c.logTail ? { logTail: c.logTail } : {}),
    }));
    const ok = outcome.results.every((c) => c.ok);
    this.change(id, (r) => ({ ...r, node, state: ok ? 'ok' : 'failed', results, message: summary }));
  }

  fail(id: number, message: string): void {
    this.change(id, (r) => ({ ...r, state: 'failed', message }));
  }

  private update(service: string, change: (r: ActionRow) => ActionRow): void {
    const row = this.running(service);
    if (row) this.put(change(row));
  }

  private change(id: number, change: (r: ActionRow) => ActionRow): void {
    const row = this.rows.get(id);
    if (row) this.put(change(row));
  }

  private put(row: ActionRow): void {
    this.rows.set(row.id, row);
    this.publish(row);
  }
}
