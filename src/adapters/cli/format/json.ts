import type { NodeResult } from '../../../application/operator/support/fan-out';

/** Stable JSON: two-space indent, dates as ISO strings, one trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A fan-out answer as `{ nodes: [{ node, ok: true, ...value } | { node, ok: false, error }] }`. */
export function nodesJson<T extends object>(rows: readonly NodeResult<T>[]): string {
  return toJson({ nodes: rows.map((r) => (r.ok ? { ...r.value, node: r.node, ok: true } : { node: r.node, ok: false, error: r.error })) });
}
