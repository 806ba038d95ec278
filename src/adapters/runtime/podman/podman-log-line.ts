import type { LogLine, OutputStream } from '../../../application/agent/ports/container-logs.port';
import { parseLogLine } from '../common/log-line';

/**
 * A time as `podman logs --timestamps` prints it inside a line. podman 4.3
 * keeps the pieces of a line conmon read in parts (its "P" records) on one
 * output line but prints each piece's time before it:
 * `T1 first halfT2 second half`. Without removing them a line of a busy
 * container is not what it wrote.
 */
const TIME = '(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d) ';
const INNER_TIME = new RegExp(TIME, 'g');
const HAS_TIME = new RegExp(TIME);
const LEADING_TIME = new RegExp(`^${TIME}`);

/** An RFC 3339 time as [whole seconds in ms, 9-digit fraction]: nanoseconds compared without losing any. */
function instant(seconds: string, fraction: string | undefined, zone: string): [number, string] {
  return [Date.parse(`${seconds}${zone}`), (fraction ?? '.').slice(1).padEnd(9, '0')];
}

function notBefore(a: [number, string], b: [number, string]): boolean {
  return a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);
}

/**
 * A line of `podman logs --timestamps`, or undefined for one without its time
 * prefix (podman's own message). A time inside the text that is not before
 * the line's own is a later piece's (see INNER_TIME) and is removed: a
 * container stamps its own times before it writes, so its text never holds
 * a time as late as the one conmon gave the line.
 */
export function parsePodmanLogLine(stream: OutputStream, text: string): LogLine | undefined {
  const parsed = parseLogLine(stream, text);
  if (!parsed || !mayHoldTime(parsed.line, text)) return parsed;
  const own = LEADING_TIME.exec(text);
  if (!own) return parsed;
  const first = instant(own[1]!, own[2], own[3]!);
  const line = parsed.line.replace(INNER_TIME, (time, seconds: string, fraction: string | undefined, zone: string) => (notBefore(instant(seconds, fraction, zone), first) ? '' : time));
  return line === parsed.line ? parsed : { ...parsed, line };
}

/**
 * A cheap test before the regular expression: a later piece's time has the
 * line's own year (or the next one, across New Year), so a line without
 * `YYYY-` holds none. Most lines are cleared by two string searches.
 */
function mayHoldTime(line: string, text: string): boolean {
  if (!text.startsWith(years.of)) {
    const year = Number(text.slice(0, 4));
    years = { of: text.slice(0, 4), needles: [`${year}-`, `${year + 1}-`] };
  }
  return (line.includes(years.needles[0]) || line.includes(years.needles[1])) && HAS_TIME.test(line);
}

/** The needles of the last year seen: built once a year, not once a line. */
let years = { of: '\u0000', needles: ['', ''] as [string, string] };

/** conmon logs a long line in pieces of at most 8 KiB, each with its own time: a window twice that holds one. */
const PIECE_WINDOW = 16 * 1024;

/**
 * Where TextLines cuts a line of `podman logs --timestamps` too long to hold
 * whole: right before the last piece time within reach, so the next part
 * starts with a time of its own and no time is cut in two; else at `max`.
 */
export function cutBeforePieceTime(line: string, max: number): number {
  const from = Math.max(0, max - PIECE_WINDOW);
  let at = -1;
  for (const m of line.slice(from, max).matchAll(INNER_TIME)) at = m.index;
  return at > 0 || (at === 0 && from > 0) ? from + at : max;
}
