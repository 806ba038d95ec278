import type { HealthProbe, ProbeResult } from '../../src/application/agent/ports/health-probe.port';

/**
 * Answers each target from a script: a function of how many times that
 * target was probed (1-based), so "passes on the third try" is one line.
 * Unscripted targets fail as a refused connection would.
 */
export class ScriptedHealthProbe implements HealthProbe {
  readonly probes: string[] = [];
  private readonly scripts = new Map<string, (n: number) => ProbeResult>();
  private readonly counts = new Map<string, number>();

  script(target: string, answer: (n: number) => ProbeResult): this {
    this.scripts.set(target, answer);
    return this;
  }

  async http(url: string): Promise<ProbeResult> {
    return this.answer(url);
  }

  async tcp(address: string): Promise<ProbeResult> {
    return this.answer(address);
  }

  private answer(target: string): ProbeResult {
    this.probes.push(target);
    const n = (this.counts.get(target) ?? 0) + 1;
    this.counts.set(target, n);
    return this.scripts.get(target)?.(n) ?? { ok: false, output: `connect ${target}: ECONNREFUSED` };
  }
}
