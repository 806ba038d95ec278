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

export const EXTRA_CA = 'NODE_EXTRA_CA_CERTS';

/**
 * NODE_EXTRA_CA_CERTS makes Node 20 parse that bundle at every start (on this
 * machine it names the system's, ~100 ms), which slows bare node as much as
 * mcp and so flatters every ratio to it. A fresh Debian machine has none:
 * `env` as there, or undefined when it is already so (nothing more to measure).
 */
export function freshMachineEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv | undefined {
  if (env[EXTRA_CA] === undefined) return undefined;
  const fresh = { ...env };
  delete fresh[EXTRA_CA];
  return fresh;
}
