import type { ServiceOutcome } from '../src/application/shared/results/component-outcome';

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

/**
 * The deploy's outcome, or a throw naming the failing component: a deploy
 * that fails fast would otherwise be timed as a fast deploy.
 */
export async function deployed(outcome: Promise<ServiceOutcome>): Promise<ServiceOutcome> {
  const o = await outcome;
  const failed = o.results.find((r) => !r.ok);
  if (failed) throw new Error(`bench: deploy of ${o.service} failed at ${failed.component}: ${failed.error?.code ?? ''} ${failed.error?.message ?? ''}`);
  return o;
}
