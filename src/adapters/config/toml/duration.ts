const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+)(ms|s|m|h|d)$/;

/**
 * "500ms", "60s", "15m", "2h", "30d" → milliseconds. One number, one unit,
 * nothing else: a bare "60" is rejected because seconds and minutes are
 * both plausible guesses and a wrong guess is silent. Returns undefined for
 * anything else; the caller words the error with the key it came from.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return Number.isSafeInteger(ms) ? ms : undefined;
}

export const DURATION_HINT = 'use e.g. 500ms, 60s, 15m, 2h, 30d';
