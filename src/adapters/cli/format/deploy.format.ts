import type { DeployResult } from '../../../application/operator/deploy.command';
import type { DeployStep } from '../../../application/shared/results/deploy-step';
import { isUndone, outcomeTable } from './results.format';
import { DEFAULT_WIDTH } from './table';

const secs = (ms: number | undefined): string => `${((ms ?? 0) / 1000).toFixed(1)}s`;

/** What one step reads like after the component's name: "healthy in 4.1s", "FAILED: …". */
export function stepText(s: DeployStep): string {
  switch (s.step) {
    case 'pulling':
      return `pulling${s.message ? ` ${s.message}` : ''}`;
    case 'starting':
      return `starting${s.message ? ` ${s.message}` : ''}`;
    case 'stopping':
      return 'stopping the old container';
    case 'waiting':
      return `waiting${s.message ? ` ${s.message.startsWith('for ') ? s.message : `(${s.message})`}` : ''}`;
    case 'healthy':
      return s.message === 'still running' ? `running after ${secs(s.elapsedMs)}` : `healthy in ${secs(s.elapsedMs)}`;
    case 'failed':
      return `FAILED${s.elapsedMs ? ` after ${secs(s.elapsedMs)}` : ''}: ${s.message ?? ''}`;
    case 'removed':
      return 'removed (no longer in the file)';
    default:
      return s.message ? `${s.step}: ${s.message}` : s.step;
  }
}

/** One line per step, for a log or a pipe. */
export function stepLine(node: string, service: string, s: DeployStep): string {
  return `${service}/${s.component} on ${node}: ${stepText(s)}`;
}

/**
 * Success: the usual table. Failure: which component failed and why, that
 * the others are back, and the failing container's last log lines.
 */
export function formatDeploy(result: DeployResult, width = DEFAULT_WIDTH): string {
  const { outcome, node } = result;
  const from = result.source.kind === 'file' ? result.source.path : `the spec node ${node} holds`;
  const failing = outcome.results.find((r) => !r.ok && !isUndone(r));
  const restored = outcome.results.length > 0 && outcome.results.every((r) => r.ok || r.restored);
  const head = !failing
    ? `deployed ${outcome.service} on ${node} (from ${from})`
    : `deploy of ${outcome.service} on ${node} FAILED at ${failing.component}${restored ? '; every component is back as it was' : ''}`;
  const tail = failing?.logTail?.length ? `last ${failing.logTail.length} log lines of ${failing.container}:\n${failing.logTail.map((l) => `  | ${l}`).join('\n')}\n` : '';
  return `${head}\n${outcomeTable(outcome, width)}${tail}`;
}
