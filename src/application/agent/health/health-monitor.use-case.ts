import { messageOf } from '../../../domain/errors/domain-error';
import type { HealthEvent } from '../../../domain/events/transition-event';
import type { HealthCheck } from '../../../domain/health/health-check';
import type { Alert } from '../../../domain/monitor/alert';
import { containerName } from '../../../domain/names/container-name';
import type { Health } from '../../../domain/state/health';
import type { Clock } from '../../shared/ports/clock.port';
import type { Logger } from '../../shared/ports/logger.port';
import { Cooldown } from '../monitor/cooldown';
import type { AgentSettings } from '../ports/agent-settings.port';
import type { Notifier } from '../ports/notifier.port';
import type { HealthUpdate, Registry, RunningCheck } from '../ports/registry.port';
import type { KeyedLock } from '../support/keyed-lock';
import { type ProbePorts, runProbe } from './run-probe';

interface Tracked {
  lastProbeAt: number;
  failures: number;
}

export interface HealthPass {
  readonly probed: number;
  readonly events: readonly HealthEvent[];
  readonly alerts: readonly Alert[];
}

/**
 * Probes every checked component whose interval has come, apart from the
 * monitor tick (which follows container state). `retries` failures in a row
 * make a component unhealthy: a health event and an `unhealthy` alert (once
 * per cooldown); its first success afterwards makes it healthy again (an
 * event, no alert). Components that are not meant to run, are not running
 * (the monitor reports that as drift) or whose service is mid-deploy are
 * left alone. Consecutive failures are counted in memory: after an agent
 * restart a component needs `retries` fresh failures.
 */
export class HealthMonitor {
  private readonly tracked = new Map<string, Tracked>();
  private readonly cooldown: Cooldown;
  private deliveries: Promise<void>[] = [];

  constructor(
    private readonly registry: Registry,
    private readonly ports: ProbePorts,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly settings: Pick<AgentSettings, 'nodeName' | 'monitor'>,
    private readonly lock: KeyedLock,
  ) {
    this.cooldown = new Cooldown(settings.monitor.cooldownMs);
  }

  async run(): Promise<HealthPass> {
    const now = this.clock.now();
    const busy = new Set(this.lock.busyKeys);
    const due = (await this.registry.listRunningChecks()).filter((c) => !busy.has(c.service) && this.isDue(`${c.service}/${c.component}`, c.check, now));
    const verdicts = await Promise.all(due.map((c) => this.probe(c)));
    // A deploy that took a service while its probes ran is replacing the containers they
    // looked at: their verdicts (and failure counts) say nothing about what runs next.
    const deploying = new Set(this.lock.busyKeys);
    for (const { service, component } of due) if (deploying.has(service)) this.tracked.delete(`${service}/${component}`);
    const changed = verdicts.filter((v): v is Verdict => v !== undefined && !deploying.has(v.event.service));
    const events = changed.map((v) => v.event);
    await this.registry.updateHealth(changed.map((v): HealthUpdate => ({ service: v.event.service, component: v.event.component, health: v.event.to })));
    await this.registry.addEvents(events);
    const alerts = changed.flatMap((v) => (v.alert ? [v.alert] : []));
    for (const alert of alerts) this.deliver(alert);
    this.cooldown.forgetExpired(now);
    return { probed: due.length, events, alerts };
  }

  /** Waits for alert deliveries handed over by earlier passes. */
  async settle(): Promise<void> {
    const pending = this.deliveries;
    this.deliveries = [];
    await Promise.all(pending);
  }

  private isDue(key: string, check: HealthCheck, now: Date): boolean {
    const t = this.tracked.get(key);
    return t === undefined || now.getTime() - t.lastProbeAt >= check.intervalMs;
  }

  private async probe({ service, component, check, health: current }: RunningCheck): Promise<Verdict | undefined> {
    const key = `${service}/${component}`;
    const container = containerName(service, component);
    const result = await runProbe(this.ports, check, container);
    const at = this.clock.now();
    const t = this.tracked.get(key) ?? { lastProbeAt: 0, failures: 0 };
    t.lastProbeAt = at.getTime();
    t.failures = result.ok ? 0 : t.failures + 1;
    this.tracked.set(key, t);
    const from = current ?? 'starting';
    const to: Health | undefined = result.ok ? 'healthy' : t.failures >= check.retries ? 'unhealthy' : undefined;
    if (to === undefined || to === from) return undefined;
    const event: HealthEvent = { kind: 'health', service, component, from, to, at, output: result.output };
    if (to !== 'unhealthy' || !this.cooldown.ready(`unhealthy:${key}`, at)) return { event };
    this.cooldown.mark(`unhealthy:${key}`, at);
    const alert: Alert = {
      type: 'unhealthy',
      node: this.settings.nodeName,
      service,
      component,
      container,
      desired: 'running',
      observed: 'running',
      transitions: 0,
      message: `${container} is unhealthy: ${t.failures} ${check.target.kind} checks failed in a row: ${result.output}`,
      healthOutput: result.output,
    };
    return { event, alert };
  }

  private deliver(alert: Alert): void {
    const delivery = this.notifier.notify(alert).catch((e: unknown) => {
      this.logger.error(`health: alert delivery failed: ${messageOf(e)}`, { service: alert.service, component: alert.component });
    });
    this.deliveries.push(delivery);
  }
}

interface Verdict {
  readonly event: HealthEvent;
  readonly alert?: Alert;
}
