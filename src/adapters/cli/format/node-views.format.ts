import type { NodeResult } from '../../../application/cli/shared/fan-out';
import type { NodeStatus } from '../../../application/use-cases/get-service-status.use-case';
import type { NodeView } from '../../../application/use-cases/shared/service-view';
import { type Column, type Row, DEFAULT_WIDTH, renderTable } from './table';
import { errorLine, imageName, shortVersion, uptime } from './text';

const UNMANAGED = '(unmanaged)';

/** `mcp list`: what each registry holds, desired next to last observed. */
export function formatList(rows: readonly NodeResult<NodeView>[], width = DEFAULT_WIDTH): string {
  const columns: Column[] = [{ header: 'NODE' }, { header: 'SERVICE' }, { header: 'COMPONENT' }, { header: 'DESIRED' }, { header: 'OBSERVED' }, { header: 'VERSION' }, { header: 'IMAGE', shrink: true, min: 12 }];
  const out: Row[] = [];
  for (const r of rows) {
    if (!r.ok) {
      out.push({ line: errorLine(r.node, r.error) });
      continue;
    }
    for (const s of r.value.services) {
      for (const c of s.components) out.push([r.node, s.spec.name, c.name, c.desired, c.observed, shortVersion(c.version), imageName(c.image)]);
    }
    for (const u of r.value.unmanaged) out.push([r.node, UNMANAGED, u.name, 'ignore', u.observed, '-', imageName(u.image)]);
  }
  return renderTable(columns, out, width);
}

/** `mcp ps`: live containers with uptime and version. */
export function formatPs(rows: readonly NodeResult<NodeView>[], now: Date, width = DEFAULT_WIDTH): string {
  const columns: Column[] = [{ header: 'NODE' }, { header: 'CONTAINER', shrink: true, min: 12 }, { header: 'STATE' }, { header: 'UPTIME' }, { header: 'VERSION' }, { header: 'IMAGE', shrink: true, min: 12 }];
  const out: Row[] = [];
  for (const r of rows) {
    if (!r.ok) {
      out.push({ line: errorLine(r.node, r.error) });
      continue;
    }
    for (const s of r.value.services) {
      for (const c of s.components) {
        out.push([r.node, c.container, c.observed, c.observed === 'running' ? uptime(c.startedAt, now) : '-', shortVersion(c.version), imageName(c.image)]);
      }
    }
    for (const u of r.value.unmanaged) out.push([r.node, `${u.name} ${UNMANAGED}`, u.observed, '-', '-', imageName(u.image)]);
  }
  return renderTable(columns, out, width);
}

/**
 * `mcp status`: a DRIFT column that says `DRIFT` (and only then), a count of
 * drifting components at the end, and each service's recent transitions.
 */
export function formatStatus(rows: readonly NodeResult<NodeStatus>[], width = DEFAULT_WIDTH): string {
  const columns: Column[] = [{ header: 'NODE' }, { header: 'SERVICE' }, { header: 'COMPONENT' }, { header: 'DESIRED' }, { header: 'OBSERVED' }, { header: 'DRIFT' }, { header: 'VERSION' }];
  const out: Row[] = [];
  const drifting: string[] = [];
  const events: string[] = [];
  for (const r of rows) {
    if (!r.ok) {
      out.push({ line: errorLine(r.node, r.error) });
      continue;
    }
    for (const { service, recentEvents } of r.value.services) {
      for (const c of service.components) {
        out.push([r.node, service.spec.name, c.name, c.desired, c.observed, c.drift ? 'DRIFT' : '', shortVersion(c.version)]);
        if (c.drift) drifting.push(`${r.node}/${service.spec.name}/${c.name} (${c.desired}, ${c.observed})`);
      }
      for (const e of recentEvents) events.push(`  ${e.at.toISOString().replace(/\.\d{3}Z$/, 'Z')}  ${r.node}  ${e.service}/${e.component}  ${e.from} -> ${e.to}`);
    }
  }
  let text = renderTable(columns, out, width);
  // "no drift" is a claim about what was seen; with no node answering there is none to make.
  if (drifting.length) text += `\n! ${drifting.length} component(s) drifting: ${drifting.join(', ')}\n`;
  else if (rows.some((r) => r.ok)) text += '\nno drift\n';
  if (events.length) text += `\nrecent events:\n${events.join('\n')}\n`;
  return text;
}
