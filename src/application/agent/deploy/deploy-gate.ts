import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import type { ComponentSpec } from '../../../domain/service/service-spec';
import type { Clock } from '../../shared/ports/clock.port';
import type { ContainerRuntime } from '../ports/container-runtime.port';
import type { Sleeper } from '../ports/sleeper.port';
import { type ProbePorts, runProbe } from '../health/run-probe';

/** How often the gate looks again while it waits (container state, and the check when there is one). */
export const GATE_POLL_MS = 1000;

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
  let firstStart: number | undefined;
  for (;;) {
    // Taken before the look, so "still running after settle_time" is judged on a look made after it.
    const lookedAt = elapsed();
    const [info] = await ports.runtime.inspect([container]);
    const startedAt = info?.startedAt?.getTime();
    firstStart ??= startedAt;
    // A restart policy brings a crashed container back at once: a new start time is a crash too.
    const restarted = startedAt !== undefined && firstStart !== undefined && startedAt !== firstStart;
    if (!info || info.state !== 'running' || restarted) {
      const what = restarted ? 'exited and was restarted' : info ? info.state : 'removed';
      return { ok: false, elapsedMs: elapsed(), error: new DomainError(ErrorCode.ContainerExited, `${container} ${what} ${seconds(elapsed())} after it started`) };
    }
    if (check) {
      const probe = await runProbe(ports, check, container);
      if (probe.ok) return { ok: true, elapsedMs: elapsed() };
      last = probe.output;
    } else if (lookedAt >= limit) {
      return { ok: true, elapsedMs: lookedAt };
    }
    const left = limit - elapsed();
    if (check && left <= 0) {
      return {
        ok: false,
        elapsedMs: elapsed(),
        error: new DomainError(ErrorCode.HealthCheckFailed, `${container} not healthy within start_period ${seconds(limit)}${last ? `: ${last}` : ''}`),
      };
    }
    await ports.sleeper.sleep(Math.max(1, Math.min(GATE_POLL_MS, left)));
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
