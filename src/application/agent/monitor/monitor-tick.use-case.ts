import { isDomainError, messageOf } from '../../../domain/errors/domain-error';
import type { TransitionEvent } from '../../../domain/events/transition-event';
import type { Alert, AlertType } from '../../../domain/monitor/alert';
import { containerName } from '../../../domain/names/container-name';
import type { ServiceRecord } from '../../../domain/service/service-record';
import { isDrift } from '../../../domain/state/states';
import type { MonitorSettings } from '../ports/agent-settings.port';
import type { Clock } from '../../shared/ports/clock.port';
import type { ContainerInfo, ContainerRuntime } from '../ports/container-runtime.port';
import type { Logger } from '../../shared/ports/logger.port';
import type { Notifier } from '../ports/notifier.port';
import type { Registry } from '../ports/registry.port';
import { type Metrics, NO_METRICS } from '../ports/metrics.port';
import { Cooldown } from './cooldown';
import { durationText } from '../../../domain/time/duration';
import { type ObservedComponent, observeComponents } from '../support/observe-components';
import type { TickFailure, TickReport } from './tick-report';

export interface MonitorTickSettings {
  readonly nodeName: string;
  readonly monitor: MonitorSettings;
}

const keyOf = (c: { service: string; component: string }): string => `${c.service}/${c.component}`;

function failureOf(e: unknown): TickFailure {
  return { code: isDomainError(e) ? e.code : 'INTERNAL', message: messageOf(e) };
}

/**
 * One pass of the monitor: one listing of the node, observed states and
 * transition events written in one batch each, then alerts, then pruning.
 *
 * Drift cooldown rule: at most one drift alert per component per cooldown,
 * counted from the last drift alert, and recovery does NOT reset it. A crash
 * loop (down, up, down every few minutes) therefore gives one drift alert per
 * cooldown, not one per crash; the flap alert is what reports the looping.
 * Nothing is lost: a drift that is still there (or back) once the cooldown is
 * over alerts on that tick, and a drift after a quiet cooldown alerts at once.
 *
 * Flap checks run only for components that changed in this tick: the count
 * in the window can only grow when an event is added, so a component that did
 * not change cannot have just crossed the threshold. This keeps a quiet node
 * at zero countEvents queries per tick.
 *
 * A service whose per-service lock is held (a deploy, stop, start… under
 * way) before or after the listing is left out of the tick: mid-deploy its
 * container is briefly absent, which is no drift, and the mutation records
 * its own outcome. The next tick judges it.
 *
 * A scoped pass (`run(containers)`, what the runtime's event stream asks
 * for) is the very same pass limited to the services owning those
 * containers, without pruning: same listing, same recording, same alert
 * rules and cooldowns, so an event and a tick can never judge differently.
 */
export class MonitorTick {
  private readonly driftCooldown: Cooldown;
  private readonly flapCooldown: Cooldown;
  private readonly deliveries = new Set<Promise<void>>();

  constructor(
    private readonly registry: Registry,
    private readonly runtime: ContainerRuntime,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly settings: MonitorTickSettings,
    private readonly mutations: { readonly busyKeys: readonly string[] },
    private readonly metrics: Metrics = NO_METRICS,
  ) {
    this.driftCooldown = new Cooldown(settings.monitor.cooldownMs);
    this.flapCooldown = new Cooldown(settings.monitor.cooldownMs);
  }

  /** A full pass, or (with `containers`) one limited to the services that own them. */
  async run(containers?: ReadonlySet<string>): Promise<TickReport> {
    const at = this.clock.now();
    const report = await this.pass(at, containers);
    this.metrics.tickFinished(containers ? 'event' : 'full', Math.max(0, this.clock.now().getTime() - at.getTime()) / 1000);
    return report;
  }

  private async pass(at: Date, scope: ReadonlySet<string> | undefined): Promise<TickReport> {
    const busyBefore = [...this.mutations.busyKeys];
    const owns = (s: ServiceRecord) => scope === undefined || s.components.some((c) => scope.has(containerName(s.name, c.spec.name)));
    if (scope !== undefined && !(await this.anyIdleOwner(owns, busyBefore))) {
      // An unmanaged container, or a service under a deploy (which fires many events): nothing to judge, no listing.
      return { ok: true, at, components: 0, transitions: [], alerts: [], pruned: 0 };
    }
    let containers: ContainerInfo[];
    try {
      containers = await this.runtime.list();
    } catch (e) {
      const error = failureOf(e);
      this.logger.error(`monitor: cannot list containers, registry left as it was: ${error.message}`, { code: error.code });
      return { ok: false, at, components: 0, transitions: [], alerts: [], pruned: 0, error };
    }

    let observed: ObservedComponent[];
    let transitions: TransitionEvent[];
    try {
      const busy = new Set([...busyBefore, ...this.mutations.busyKeys]);
      const services = (await this.registry.listServices()).filter((s) => !busy.has(s.name) && owns(s));
      const observation = observeComponents(services, containers, at);
      observed = observation.components;
      transitions = observation.transitions;
      // The state first, then the events that tell of it (as LiveCheck does): a follower that reads the view on an event (mcp ui) sees the new state.
      if (observation.updates.length > 0) await this.registry.updateObserved(observation.updates);
      if (transitions.length > 0) await this.registry.addEvents(transitions);
    } catch (e) {
      const error = failureOf(e);
      this.logger.error(`monitor: cannot record observed states: ${error.message}`, { code: error.code });
      return { ok: false, at, components: 0, transitions: [], alerts: [], pruned: 0, error };
    }
    for (const t of transitions) {
      this.logger.info(`monitor: ${t.service}/${t.component} ${t.from} -> ${t.to}`, { service: t.service, component: t.component, from: t.from, to: t.to });
    }

    const alerts: Alert[] = [];
    let error: TickFailure | undefined;
    try {
      await this.evaluateAlerts(observed, at, alerts);
    } catch (e) {
      error = failureOf(e);
      this.logger.error(`monitor: cannot evaluate alerts: ${error.message}`, { code: error.code });
    }

    let pruned = 0;
    if (scope === undefined) {
      try {
        pruned = await this.registry.pruneEvents(new Date(at.getTime() - this.settings.monitor.retentionMs));
      } catch (e) {
        error ??= failureOf(e);
        this.logger.error(`monitor: cannot prune old events: ${messageOf(e)}`);
      }
    }

    this.logger.debug('monitor: tick done', { components: observed.length, transitions: transitions.length, alerts: alerts.length, pruned });
    return { ok: error === undefined, at, components: observed.length, transitions, alerts, pruned, ...(error ? { error } : {}) };
  }

  private async anyIdleOwner(owns: (s: ServiceRecord) => boolean, busy: readonly string[]): Promise<boolean> {
    try {
      return (await this.registry.listServices()).some((s) => owns(s) && !busy.includes(s.name));
    } catch {
      return true; // let the pass itself meet (and report) the failure
    }
  }

  private async evaluateAlerts(components: readonly ObservedComponent[], now: Date, sent: Alert[]): Promise<void> {
    this.driftCooldown.forgetExpired(now);
    this.flapCooldown.forgetExpired(now);
    const { flapThreshold, flapWindowMs } = this.settings.monitor;
    const windowStart = new Date(now.getTime() - flapWindowMs);

    for (const c of components) {
      if (c.desired === 'ignore') continue;
      const key = keyOf(c);
      let count: number | undefined;
      const countInWindow = async (): Promise<number> => (count ??= await this.registry.countEvents(c.service, c.component, windowStart));

      if (c.changed && this.flapCooldown.ready(key, now)) {
        const n = await countInWindow();
        if (n > flapThreshold) {
          this.flapCooldown.mark(key, now);
          const message =
            `${c.service}/${c.component} (container ${c.container}) on ${this.settings.nodeName} changed state ${n} times ` +
            `in ${durationText(flapWindowMs)} (more than ${flapThreshold}); now ${c.observed}`;
          await this.send(this.alert('flap', c, n, message), sent);
        }
      }

      if (isDrift(c.desired, c.observed) && this.driftCooldown.ready(key, now)) {
        this.driftCooldown.mark(key, now);
        const message = `${c.service}/${c.component} (container ${c.container}) on ${this.settings.nodeName} should be ${c.desired} but is ${c.observed}`;
        await this.send(this.alert('drift', c, await countInWindow(), message), sent);
      }
    }
  }

  private alert(type: AlertType, c: ObservedComponent, transitions: number, message: string): Alert {
    return {
      type,
      node: this.settings.nodeName,
      service: c.service,
      component: c.component,
      container: c.container,
      desired: c.desired,
      observed: c.observed,
      transitions,
      message,
    };
  }

  /**
   * Hands the alert over without waiting for it: a slow or hanging alert
   * command must never slow the tick (the notifier has its own time limit).
   * The cooldown is taken even when delivery fails: a broken alert command
   * must not turn into one error line per component per tick.
   */
  private async send(alert: Alert, sent: Alert[]): Promise<void> {
    sent.push(alert);
    this.metrics.alertSent(alert.type);
    const delivery = this.notifier.notify(alert).catch((e: unknown) => {
      this.logger.error(`monitor: ${alert.type} alert for ${alert.service}/${alert.component} not delivered: ${messageOf(e)}`, {
        service: alert.service,
        component: alert.component,
        type: alert.type,
      });
    });
    this.deliveries.add(delivery);
    void delivery.finally(() => this.deliveries.delete(delivery));
  }

  /** Resolves when every alert handed over so far has been delivered or given up on. */
  async settle(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.all([...this.deliveries]);
  }
}
