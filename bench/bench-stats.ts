/** Small shared helpers for the benchmarks: timing, medians, a verdict line. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Prints `label: ours X ms vs raw Y ms = R× (target ≤ T×) OK|OVER`. */
export function compare(label: string, oursMs: number, rawMs: number, target: number): void {
  const ratio = oursMs / rawMs;
  console.log(`${label}: ours ${oursMs.toFixed(1)} ms vs raw ${rawMs.toFixed(1)} ms = ${ratio.toFixed(2)}× (target ≤ ${target}×) ${ratio <= target ? 'OK' : 'OVER'}`);
}
