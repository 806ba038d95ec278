import type { LifecycleResult } from '../../../application/operator/lifecycle.command';
import type { NodeResult } from '../../../application/operator/support/fan-out';
import type { NodeEntry } from '../../../application/operator/ports/operator.ports';
import type { ComponentOutcome, ServiceOutcome } from '../../../application/shared/results/component-outcome';
import { ErrorCode } from '../../../domain/errors/domain-error';
import type { SyncResult } from '../../../application/shared/results/sync-result';
import { type Column, type Row, DEFAULT_WIDTH, renderTable } from './table';
import { errorLine, shortVersion } from './text';

/** DEPLOY_UNDONE: a deploy (or rollback) failed at another component and put this one back as it was. */
export const isUndone = (r: ComponentOutcome): boolean => r.error?.code === ErrorCode.DeployUndone;

/**
 * One line per component: `ok`, `restored` or `FAILED`, with the error a
 * person can act on (a restored component's only says where the deploy
 * failed, which the failed component's own line tells).
 */
export function outcomeTable(outcome: ServiceOutcome, width = DEFAULT_WIDTH): string {
  const columns: Column[] = [{ header: 'RESULT' }, { header: 'CONTAINER', shrink: true, min: 12 }, { header: 'DESIRED' }, { header: 'OBSERVED' }, { header: 'VERSION' }];
  const rows: Row[] = [];
  for (const r of outcome.results) {
    rows.push([r.ok ? 'ok' : isUndone(r) ? 'restored' : 'FAILED', r.container, r.desired ?? '-', r.observed ?? '-', shortVersion(r.version ?? '')]);
    if (r.error && !isUndone(r)) rows.push({ line: `  ${r.component}: ${r.error.code}: ${r.error.message}` });
  }
  return renderTable(columns, rows, width);
}

export function formatOutcome(outcome: ServiceOutcome, width = DEFAULT_WIDTH): string {
  return outcome.results.length === 0 ? `${outcome.service}: nothing to do\n` : outcomeTable(outcome, width);
}

export function formatLifecycle(result: LifecycleResult, width = DEFAULT_WIDTH): string {
  const file = result.fileUpdated ? ` (active = ${result.action === 'start'} in ${result.fileUpdated})` : '';
  return `${result.action} ${result.outcome.service} on ${result.node}${file}\n${formatOutcome(result.outcome, width)}`;
}

export function formatAdopt(result: { node: string; outcome: ServiceOutcome }, width = DEFAULT_WIDTH): string {
  const lines = result.outcome.results.filter((r) => r.ok).map((r) => `  ${r.container} -> component ${r.component} (${r.desired ?? '-'})`);
  const head = lines.length ? `adopted into ${result.outcome.service} on ${result.node}:\n${lines.join('\n')}\n` : `no container adopted into ${result.outcome.service} on ${result.node}\n`;
  return `${head}${formatOutcome(result.outcome, width)}`;
}

/** `mcp sync`: per node, what changed for each service, then the unmanaged containers. */
export function formatSync(rows: readonly NodeResult<SyncResult>[]): string {
  const out: string[] = [];
  for (const r of rows) {
    if (!r.ok) {
      out.push(errorLine(r.node, r.error));
      continue;
    }
    const counts = new Map<string, number>();
    for (const s of r.value.results) counts.set(s.change, (counts.get(s.change) ?? 0) + 1);
    const summary = [...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'no services';
    out.push(`${r.node}: ${summary}; ${r.value.unmanaged.length} unmanaged`);
    for (const s of r.value.results) {
      out.push(`  ${s.change.padEnd(9)}  ${s.service}${s.details.length ? `: ${s.details.join('; ')}` : ''}`);
    }
    for (const u of r.value.unmanaged) out.push(`  unmanaged  ${u.name} (${u.observed})`);
  }
  return `${out.join('\n')}\n`;
}

export function formatNodes(nodes: readonly NodeEntry[], width = DEFAULT_WIDTH): string {
  if (nodes.length === 0) return 'no nodes: add one with `mcp node add <name> <address>`\n';
  return renderTable([{ header: 'NAME' }, { header: 'ADDRESS', shrink: true }], nodes.map((n) => [n.name, n.address]), width);
}
