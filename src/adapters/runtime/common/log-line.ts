import type { LogLine, OutputStream } from '../../../application/agent/ports/container-logs.port';

/*
 * Log lines as engines give them with timestamps on (`podman logs
 * --timestamps`, the API's logs?timestamps=1): RFC 3339 time, one space, text.
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
