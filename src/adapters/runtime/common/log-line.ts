import type { LogLine, OutputStream } from '../../../application/agent/ports/container-logs.port';

/*
 * Log lines as engines give them with timestamps on (`podman logs
 * --timestamps`, the API's logs?timestamps=1): RFC 3339 time, one space, text.
 * A log is read at hundreds of thousands of lines a second, so the time is
 * read digit by digit (no regular expression, no Date.parse) and the text
 * is never scanned.
 */

const ZERO = 48;

/** The number written by `n` digits at `from`, or -1 when one is not a digit. */
function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Milliseconds since the epoch of `2026-11-27T15:45:04.215754359Z` (or `+01:00`), the whole of `t`; NaN when it is not one. */
export function rfc3339Ms(t: string): number {
  if (t.length < 20 || t[4] !== '-' || t[7] !== '-' || t[10] !== 'T' || t[13] !== ':' || t[16] !== ':') return NaN;
  const [year, month, day, hour, minute, second] = [digits(t, 0, 4), digits(t, 5, 2), digits(t, 8, 2), digits(t, 11, 2), digits(t, 14, 2), digits(t, 17, 2)];
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
  let i = 19;
  let ms = 0;
  if (t[i] === '.') {
    const start = ++i;
    while (i < t.length && t.charCodeAt(i) >= ZERO && t.charCodeAt(i) <= ZERO + 9) i++;
    if (i === start) return NaN;
    // Milliseconds: the first three digits, as Date.parse reads them.
    const n = Math.min(i - start, 3);
    ms = digits(t, start, n) * 10 ** (3 - n);
  }
  let offsetMin = 0;
  if (t[i] === 'Z' && i + 1 === t.length) offsetMin = 0;
  else if ((t[i] === '+' || t[i] === '-') && i + 6 === t.length && t[i + 3] === ':') {
    const h = digits(t, i + 1, 2);
    const m = digits(t, i + 4, 2);
    if (h < 0 || m < 0) return NaN;
    offsetMin = (t[i] === '-' ? -1 : 1) * (h * 60 + m);
  } else return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second) + ms - offsetMin * 60_000;
}

/** A container's line, or undefined for a line without the engine's time prefix (podman's own message). */
export function parseLogLine(stream: OutputStream, text: string): LogLine | undefined {
  let space = text.indexOf(' ');
  if (space < 0) space = text.length;
  const ms = rfc3339Ms(text.slice(0, space));
  if (Number.isNaN(ms)) return undefined;
  return { stream, time: new Date(ms), line: space < text.length ? text.slice(space + 1) : '' };
}
