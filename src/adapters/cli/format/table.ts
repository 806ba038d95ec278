/** A column: its header, and whether it may be cut to fit the width (the last resort for long images). */
export interface Column {
  readonly header: string;
  readonly shrink?: boolean;
  /** Narrowest a shrinkable column gets. */
  readonly min?: number;
}

export type Row = readonly string[] | { readonly line: string };

export const DEFAULT_WIDTH = 80;
const GAP = '  ';

/** Cuts `text` to `width`, marking the cut; `fromLeft` keeps the end (an image's name matters more than its registry). */
export function ellipsize(text: string, width: number, fromLeft = false): string {
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(0, width);
  if (!fromLeft) return `${text.slice(0, width - 1)}…`;
  const kept = text.slice(text.length - width + 1);
  // Drop whole leading path segments when possible: "…/metacrypt", not "…stry.example/metacrypt".
  const slash = kept.indexOf('/');
  return slash >= 0 && slash < kept.length - 1 ? `…${kept.slice(slash)}` : `…${kept}`;
}

/**
 * Left-aligned columns that fit `width`: shrinkable columns give up space,
 * widest first. `{ line }` rows (errors) are printed whole under their place,
 * never cut: a message a person must act on is not truncated.
 */
export function renderTable(columns: readonly Column[], rows: readonly Row[], width = DEFAULT_WIDTH): string {
  const cells = rows.filter((r): r is readonly string[] => Array.isArray(r));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const total = (): number => widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1);
  while (total() > width) {
    let widest = -1;
    columns.forEach((c, i) => {
      if (c.shrink && widths[i]! > Math.max(c.min ?? 8, c.header.length) && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = widths[widest]! - 1;
  }
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => (i === values.length - 1 ? ellipsize(v, widths[i]!, columns[i]!.shrink) : ellipsize(v, widths[i]!, columns[i]!.shrink).padEnd(widths[i]!)))
      .join(GAP)
      .trimEnd();
  const out = [line(columns.map((c) => c.header))];
  for (const r of rows) out.push(Array.isArray(r) ? line(r as readonly string[]) : (r as { line: string }).line);
  return `${out.join('\n')}\n`;
}
