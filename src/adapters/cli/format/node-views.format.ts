import type { NodeResult } from '../../../application/operator/support/fan-out';
import type { NodeStatus } from '../../../application/shared/results/service-status';
import type { NodeView } from '../../../application/shared/results/service-view';
import { type Column, type Row, DEFAULT_WIDTH, renderTable } from './table';
import { errorLine, imageName, shortVersion, uptime } from './text';

const UNMANAGED = '(unmanaged)';

/** A node that did not answer is one error line; a node that did gives the rows `render` makes of its answer. */
function perNode<T>(rows: readonly NodeResult<T>[], render: (node: string, value: T) => Row[]): Row[] {
  return rows.flatMap((r) => (r.ok ? render(r.node, r.value) : [{ line: errorLine(r.node, r.error) }]));
}

/** `mcp list`: what each registry holds, desired next to last observed. */
export function formatList(rows: readonly NodeResult<NodeView>[], width = DEFAULT_WIDTH): string {
  const columns: Column[] = [{ header: 'NODE' }, { header: 'SERVICE' }, { header: 'COMPONENT' }, { header: 'DESIRED' }, { header: 'OBSERVED' }, { header: 'VERSION' }, { header: 'IMAGE', shrink: true, min: 12 }];
  const out = perNode(rows, (node, view): Row[] => [
    ...view.services.flatMap((s) => s.components.map((c): Row => [node, s.spec.name, c.name, c.desired, c.observed, shortVersion(c.version), imageName(c.image)])),
    ...view.unmanaged.map((u): Row => [node, UNMANAGED, u.name, 'ignore', u.observed, '-', imageName(u.image)]),
  ]);
  return renderTable(columns, out, width);
}

/** `mcp ps`: live containers with uptime and version. */
export function formatPs(rows: readonly NodeResult<NodeView>[], now: Date, width = DEFAULT_WIDTH): string {
  const columns: Column[] = [{ header: 'NODE' }, { header: 'CONTAINER', shrink: true, min: 12 }, { header: 'STATE' }, { header: 'HEALTH' }, { header: 'UPTIME' }, { header: 'VERSION' }, { header: 'IMAGE', shrink: true, min: 12 }];
  const out = perNode(rows, (node, view): Row[] => [
    ...view.services.flatMap((s) =>
      s.components.map((c): Row => [node, c.container, c.observed, c.health ?? 'none', c.observed === 'running' ? uptime(c.startedAt, now) : '-', shortVersion(c.version), imageName(c.image)]),
    ),
    ...view.unmanaged.map((u): Row => [node, `${u.name} ${UNMANAGED}`, u.observed, '-', '-', '-', imageName(u.image)]),
  ]);
  return renderTable(columns, out, width);
}

/**
 * `mcp status`: a DRIFT column that says `DRIFT` (and only then), a count of
 * drifting components at the end, and each service's recent transitions.
 */
export function formatStatus(rows: readonly NodeResult<NodeStatus>[], width = DEFAULT_WIDTH): string {
  const columns: Column[] = [{ header: 'NODE' }, { header: 'SERVICE' }, { header: 'COMPONENT' }, { header: 'DESIRED' }, { header: 'OBSERVED' }, { header: 'HEALTH' }, { header: 'DRIFT' }, { header: 'VERSION' }];
  const drifting: string[] = [];
  const events: string[] = [];
  const out = perNode(rows, (node, status) =>
    status.services.flatMap(({ service, recentEvents }) => {
      for (const e of recentEvents) events.push(`  ${e.at.toISOString().replace(/\.\d{3}Z$/, 'Z')}  ${node}  ${e.service}/${e.component}  ${e.from} -> ${e.to}`);
      return service.components.map((c): Row => {
        if (c.drift) drifting.push(`${node}/${service.spec.name}/${c.name} (${c.desired}, ${c.observed})`);
        return [node, service.spec.name, c.name, c.desired, c.observed, c.health ?? 'none', c.drift ? 'DRIFT' : '', shortVersion(c.version)];
      });
    }),
  );
  let text = renderTable(columns, out, width);
  // "no drift" is a claim about what was seen: only of the nodes that answered, and none with no node answering.
  const unanswered = rows.filter((r) => !r.ok).length;
  if (drifting.length) text += `\n! ${drifting.length} component(s) drifting: ${drifting.join(', ')}\n`;
  else if (rows.some((r) => r.ok)) text += unanswered === 0 ? '\nno drift\n' : `\nno drift on the node(s) that answered; ${unanswered} did not\n`;
  if (events.length) text += `\nrecent events:\n${events.join('\n')}\n`;
  return text;
}
