import type { NodeResult } from '../../../application/operator/support/fan-out';
import type { WhoAmI } from '../../../application/shared/results/who-am-i';
import { type Column, type Row, DEFAULT_WIDTH, renderTable } from './table';
import { errorLine } from './text';

/** `mcp whoami`: one row per node; SERVICES is `*` for a token limited to nothing. */
export function formatWhoAmI(rows: readonly NodeResult<WhoAmI>[], width = DEFAULT_WIDTH): string {
  const columns: Column[] = [{ header: 'NODE' }, { header: 'USER' }, { header: 'ROLE' }, { header: 'SERVICES', shrink: true, min: 12 }];
  const out = rows.map((r): Row => (r.ok ? [r.node, r.value.user, r.value.role, r.value.services.length === 0 ? '*' : r.value.services.join(',')] : { line: errorLine(r.node, r.error) }));
  return renderTable(columns, out, width);
}
