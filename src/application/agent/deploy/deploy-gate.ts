import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import type { ComponentSpec } from '../../../domain/service/service-spec';
import type { Clock } from '../../shared/ports/clock.port';
import type { ContainerRuntime } from '../ports/container-runtime.port';
import type { Sleeper } from '../ports/sleeper.port';
import { type ProbePorts, runProbe } from '../health/run-probe';

/** How often the gate looks again while it waits (container state, and the check when there is one). */
export const GATE_POLL_MS = 500;

export type GateResult = { readonly ok: true; readonly elapsedMs: number } | { readonly ok: false; readonly elapsedMs: number; readonly error: DomainError };

export interface GatePorts extends ProbePorts {
  readonly runtime: ContainerRuntime;
  readonly clock: Clock;
  readonly sleeper: Sleeper;
}

/**
 * A new container passes when its check succeeds within start_period, or,
 * without a check, when it is still running settle_time after it started.
 * Either way a container that stops running fails at once (a missing
 * binary, a crash) instead of waiting out the period.
 */
export async function passGate(ports: GatePorts, component: ComponentSpec, container: string, settleTimeMs: number): Promise<GateResult> {
  const started = ports.clock.now().getTime();
  const elapsed = (): number => ports.clock.now().getTime() - started;
  const check = component.health;
  const limit = check ? check.startPeriodMs : settleTimeMs;
  let last = '';
  for (;;) {
    const [info] = await ports.runtime.inspect([container]);
    if (!info || info.state !== 'running') {
      const state = info ? info.state : 'removed';
      return { ok: false, elapsedMs: elapsed(), error: new DomainError(ErrorCode.ContainerExited, `${container} ${state} ${seconds(elapsed())} after it started`) };
    }
    if (check) {
      const probe = await runProbe(ports, check, container);
      if (probe.ok) return { ok: true, elapsedMs: elapsed() };
      last = probe.output;
    }
    const left = limit - elapsed();
    if (left <= 0) {
      if (!check) return { ok: true, elapsedMs: elapsed() };
      return {
        ok: false,
        elapsedMs: elapsed(),
        error: new DomainError(ErrorCode.HealthCheckFailed, `${container} not healthy within start_period ${seconds(limit)}${last ? `: ${last}` : ''}`),
      };
    }
    await ports.sleeper.sleep(Math.min(GATE_POLL_MS, left));
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
