import type { RuntimeEvent } from '../../../application/agent/ports/runtime-events.port';
import { containerActionOf } from '../common/container-action';

/* Parses what `podman events --format=json` prints, line by line. */

type Json = Record<string, unknown>;

function timeOf(e: Json): Date | undefined {
  if (typeof e.Time === 'string') {
    const ms = Date.parse(e.Time);
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  // podman ≥ 4.4 prints Unix times (seconds and nanoseconds) instead.
  if (typeof e.timeNano === 'number') return new Date(Math.floor(e.timeNano / 1e6));
  if (typeof e.time === 'number') return new Date(e.time * 1000);
  if (typeof e.Time === 'number') return new Date(e.Time * 1000);
  return undefined;
}

/**
 * One line of `podman events --format=json` → RuntimeEvent; undefined for
 * anything that is not a container event. podman puts exactly the
 * container's labels in Attributes.
 */
export function parseEvent(text: string): RuntimeEvent | undefined {
  let e: unknown;
  try {
    e = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (e === null || typeof e !== 'object' || Array.isArray(e)) return undefined;
  const j = e as Json;
  if (j.Type !== undefined && j.Type !== 'container') return undefined;
  const name = typeof j.Name === 'string' ? j.Name : '';
  const status = typeof j.Status === 'string' ? j.Status : '';
  const time = timeOf(j);
  if (name === '' || status === '' || !time) return undefined;
  const labels: Record<string, string> = {};
  const attrs = j.Attributes !== null && typeof j.Attributes === 'object' ? (j.Attributes as Json) : {};
  for (const [k, v] of Object.entries(attrs)) if (typeof v === 'string') labels[k] = v;
  return { container: name, action: containerActionOf(status), time, labels };
}
