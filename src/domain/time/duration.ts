/** Milliseconds per unit, largest first: the one table every duration in MCP is read and written with. */
export const UNIT_MS: ReadonlyArray<readonly [unit: string, ms: number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];
const MS = new Map(UNIT_MS);
const ONE = /^(\d+)(ms|s|m|h|d)$/;
const MANY = /^(\d+(ms|s|m|h|d))+$/;
const PART = /(\d+)(ms|s|m|h|d)/g;

/**
 * "500ms", "60s", "15m", "2h", "30d" → milliseconds; with `compound`, also
 * "1h30m" (the CLI's `--since`). A bare "60" is rejected because seconds and
 * minutes are both plausible guesses and a wrong guess is silent. Returns
 * undefined for anything else; the caller words the error with the key or
 * option it came from.
 */
export function parseDuration(text: string, options: { readonly compound?: boolean } = {}): number | undefined {
  if (!(options.compound ? MANY : ONE).test(text)) return undefined;
  let ms = 0;
  for (const [, n, unit] of text.matchAll(PART)) ms += Number(n) * MS.get(unit!)!;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

// No "30d": most durations are timers, capped at 24 h, and the hint must not suggest a refused value.
export const DURATION_HINT = 'use e.g. 500ms, 60s, 15m, 2h';

/** `600000` → `10m`, `5400000` → `1h30m`: the way the operator writes it. Below a second, milliseconds. */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  let rest = Math.floor(ms / 1000) * 1000;
  let text = '';
  for (const [unit, size] of UNIT_MS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      text += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return text;
}
