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

const DASH = 45;
const COLON = 58;
const DOT = 46;
const PLUS = 43;
const T = 84;
const Z = 90;

/**
 * Milliseconds since the epoch of `2026-11-27T15:45:04.215754359Z` (or
 * `+01:00`), the whole of `t` up to `end`; NaN when it is not one. Three
 * digits of the fraction count, as with Date.parse.
 */
export function rfc3339Ms(t: string, end = t.length): number {
  const c = (i: number) => t.charCodeAt(i);
  if (end < 20 || c(4) !== DASH || c(7) !== DASH || c(10) !== T || c(13) !== COLON || c(16) !== COLON) return NaN;
  const year = digits(t, 0, 4);
  const month = digits(t, 5, 2);
  const day = digits(t, 8, 2);
  const hour = digits(t, 11, 2);
  const minute = digits(t, 14, 2);
  const second = digits(t, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
  let i = 19;
  let ms = 0;
  if (c(i) === DOT) {
    const start = ++i;
    while (i < end && c(i) >= ZERO && c(i) <= ZERO + 9) i++;
    if (i === start) return NaN;
    const n = Math.min(i - start, 3);
    ms = digits(t, start, n) * 10 ** (3 - n);
  }
  let offsetMin = 0;
  if (c(i) === Z && i + 1 === end) offsetMin = 0;
  else if ((c(i) === PLUS || c(i) === DASH) && i + 6 === end && c(i + 3) === COLON) {
    const h = digits(t, i + 1, 2);
    const m = digits(t, i + 4, 2);
    if (h < 0 || m < 0) return NaN;
    offsetMin = (c(i) === DASH ? -1 : 1) * (h * 60 + m);
  } else return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second) + ms - offsetMin * 60_000;
}

/** A container's line, or undefined for a line without the engine's time prefix (podman's own message). */
export function parseLogLine(stream: OutputStream, text: string): LogLine | undefined {
  let space = text.indexOf(' ');
  if (space < 0) space = text.length;
  const ms = rfc3339Ms(text, space);
  if (Number.isNaN(ms)) return undefined;
  return { stream, time: new Date(ms), line: space < text.length ? text.slice(space + 1) : '' };
}
