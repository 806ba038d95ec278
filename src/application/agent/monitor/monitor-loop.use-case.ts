import { messageOf } from '../../../domain/errors/domain-error';
import type { MonitorSettings } from '../ports/agent-settings.port';
import type { Logger } from '../../shared/ports/logger.port';
import type { Scheduler } from '../ports/scheduler.port';
import type { TickReport } from './tick-report';

export interface Tick {
  /** A full pass, or one limited to the services owning these containers. */
  run(containers?: ReadonlySet<string>): Promise<TickReport>;
  /** Waits for work a tick handed over (alert deliveries). */
  settle(): Promise<void>;
}

/**
 * Drives the monitor on a schedule without ever running two ticks at once:
 * a tick that comes due while one is still running is skipped (and counted),
 * not queued, so a slow runtime never builds a backlog. The timer itself is
 * the Scheduler adapter's business.
 */
export class MonitorLoop {
  private inFlight: Promise<TickReport | undefined> | undefined;
  private stopped = false;
  private skippedTicks = 0;
  /** What was asked for while a pass ran: containers, or everything. */
  private pending: Set<string> | 'all' | undefined;
  private draining: Promise<void> | undefined;

  constructor(
    private readonly tick: Tick,
    private readonly scheduler: Scheduler,
    private readonly settings: { readonly monitor: Pick<MonitorSettings, 'intervalMs'> },
    private readonly logger: Logger,
  ) {}

  /** First tick right away, so observed states are fresh as soon as the agent is up. */
  start(): void {
    this.stopped = false;
    this.scheduler.start(this.settings.monitor.intervalMs, () => this.tickIfIdle(), { immediate: true });
    this.logger.info(`monitor: started, every ${this.settings.monitor.intervalMs} ms`);
  }

  /** Resolves once no tick is running and every alert is delivered; no tick starts afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.scheduler.stop();
    await this.draining;
    await this.inFlight;
    await this.tick.settle();
    this.logger.info('monitor: stopped');
  }

  /** Runs a tick unless one is running (or the loop is stopped); undefined when skipped. */
  tickIfIdle(): Promise<TickReport | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    if (this.inFlight !== undefined) {
      this.skippedTicks++;
      this.logger.warn('monitor: previous tick still running, this one is skipped', { skipped: this.skippedTicks });
      return Promise.resolve(undefined);
    }
    const running = this.runGuarded();
    this.inFlight = running;
    void running.finally(() => {
      if (this.inFlight === running) this.inFlight = undefined;
    });
    return running;
  }

  /**
   * A pass over the services owning these containers, as soon as possible.
   * Unlike the interval's tick it is never dropped: a change seen while a
   * pass runs may have happened after that pass listed the node, so it is
   * queued, and requests that pile up meanwhile are merged into one pass.
   */
  refresh(containers: Iterable<string>): Promise<void> {
    if (this.pending !== 'all') {
      this.pending ??= new Set();
      for (const c of containers) this.pending.add(c);
    }
    return this.drain();
  }

  /** A full pass as soon as possible, queued like refresh (the resync after a broken event stream). */
  resync(): Promise<void> {
    this.pending = 'all';
    return this.drain();
  }

  private drain(): Promise<void> {
    this.draining ??= (async () => {
      try {
        while (this.pending !== undefined && !this.stopped) {
          while (this.inFlight !== undefined) await this.inFlight;
          const scope = this.pending;
          this.pending = undefined;
          const running = this.runGuarded(scope === 'all' ? undefined : scope);
          this.inFlight = running;
          await running;
          if (this.inFlight === running) this.inFlight = undefined;
        }
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  get skipped(): number {
    return this.skippedTicks;
  }

  private async runGuarded(containers?: ReadonlySet<string>): Promise<TickReport | undefined> {
    try {
      return await this.tick.run(containers);
    } catch (e) {
      this.logger.error(`monitor: tick failed: ${messageOf(e)}`);
      return undefined;
    }
  }
}
