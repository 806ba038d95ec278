const UNIT_BYTES = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 } as const;
const SIZE = /^(\d+)\s*(B|KiB|MiB|GiB)$/;

/** An integer number of bytes, or a string such as "64MiB" (binary units only: KiB, MiB, GiB). */
export function parseByteSize(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (/^\d+$/.test(value)) return parseByteSize(Number(value));
  const match = SIZE.exec(value.trim());
  if (!match) return undefined;
  const bytes = Number(match[1]) * UNIT_BYTES[match[2] as keyof typeof UNIT_BYTES];
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

export const SIZE_HINT = 'use a number of bytes or e.g. 512KiB, 64MiB, 1GiB';
