import type { LogLine, OutputStream } from '../../../application/agent/ports/container-logs.port';
import type { RuntimeEvent } from '../../../application/agent/ports/runtime-events.port';
import { containerActionOf } from '../common/container-action';

/*
 * Parses what the long-running podman commands print line by line:
 * `podman logs --timestamps` and `podman events --format=json`.
 */

/** `2026-11-27T15:45:04.215754359Z text` (RFC 3339 with nanoseconds, then one space). */
const TIMESTAMPED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))(?: (.*))?$/s;

/** A container's line, or undefined for a line without podman's time prefix (podman's own message). */
export function parseLogLine(stream: OutputStream, text: string): LogLine | undefined {
  const m = TIMESTAMPED.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(m[1]!);
  if (Number.isNaN(ms)) return undefined;
  return { stream, time: new Date(ms), line: m[2] ?? '' };
}

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
