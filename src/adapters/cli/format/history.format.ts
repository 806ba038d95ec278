import type { RollbackResult } from '../../../application/operator/rollback.command';
import type { ServiceHistory } from '../../../application/shared/results/history';
import { imageVersion } from '../../../domain/image/image-version';
import { formatOutcome } from './results.format';
import { type Column, DEFAULT_WIDTH, type Row, renderTable } from './table';

const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `mcp history`: newest first — REV, TIME, BY, RESULT, per-component versions, the note; the current one marked. */
export function formatHistory(h: ServiceHistory, width = DEFAULT_WIDTH): string {
  const head = `${h.service} on ${h.node}: ${h.current !== undefined ? `current revision ${h.current} (marked *)` : 'no revision yet'}\n`;
  if (h.revisions.length === 0) return `${head}no deploy recorded since revisions were kept\n`;
  // Nothing is cut: versions are what the operator compares, and a note may say why a deploy failed.
  const columns: Column[] = [{ header: 'REV' }, { header: 'TIME' }, { header: 'BY' }, { header: 'RESULT' }, { header: 'VERSIONS' }, { header: 'NOTE' }];
  const rows: Row[] = h.revisions.map((r) => [
    r.number === undefined ? '-' : r.number === h.current ? `${r.number}*` : String(r.number),
    iso(r.at),
    r.by,
    r.result,
    r.components.map((c) => `${c.name}=${imageVersion(c.image) || c.image}`).join(' '),
    r.note,
  ]);
  return head + renderTable(columns, rows, width);
}

/** `mcp rollback`: which revision now runs, each component's result, and what happened to the file. */
export function formatRollback(r: RollbackResult, width = DEFAULT_WIDTH): string {
  const head =
    r.revision !== undefined
      ? `rolled back ${r.outcome.service} on ${r.node} to revision ${r.to}: now revision ${r.revision}\n`
      : `rollback of ${r.outcome.service} on ${r.node} to revision ${r.to} FAILED\n`;
  const file = {
    written: (p: string) => `wrote revision ${r.to}'s spec to ${p} (only the lines that differ; comments kept)\n`,
    unchanged: (p: string) => `${p} already says what revision ${r.to} runs: left as it is\n`,
    kept: (p: string) => `${p} left as it was\n`,
    none: () => `no definition file for ${r.outcome.service}: nothing written (\`mcp service export ${r.outcome.service}\` writes one)\n`,
  };
  const tail = r.file.kind === 'none' ? file.none() : file[r.file.kind](r.file.path);
  return `${head}${formatOutcome(r.outcome, width)}${tail}`;
}
