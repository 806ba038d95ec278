import { messageOf } from '../../../domain/errors/domain-error';
import type { Clock } from '../../shared/ports/clock.port';
import type { Logger } from '../../shared/ports/logger.port';
import type { Metrics } from '../ports/metrics.port';
import type { RuntimeEvents } from '../ports/runtime-events.port';
import type { Sleeper } from '../ports/sleeper.port';

/** What the follower drives: the monitor loop's queued passes. */
export interface MonitorPasses {
  refresh(containers: Iterable<string>): Promise<void>;
  resync(): Promise<void>;
}

export const FIRST_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 30_000;
/** A stream that lived this long counts as healthy again: the next break starts back at FIRST_BACKOFF_MS. */
export const HEALTHY_AFTER_MS = 30_000;

/**
 * Follows the runtime's event stream and asks the monitor for a pass over
 * the containers concerned at once, so a stopped container is judged in
 * about a second instead of up to a full interval later.
 *
 * The stream is a hint, never the truth: the pass reads the runtime itself,
 * so a lost or reordered event cannot record a wrong state, and the
 * interval's full tick still resynchronises everything. When the stream
 * breaks (or ends by itself) it is restarted after a back-off that doubles
 * from 1 s up to 30 s, and one full resync follows each restart to cover
 * what happened while nobody listened.
 */
export class RuntimeEventFollower {
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly events: RuntimeEvents,
    private readonly monitor: MonitorPasses,
    private readonly sleeper: Sleeper,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics: Pick<Metrics, 'runtimeEventsUp'>,
  ) {}

  start(): void {
    if (this.running) return;
    const controller = new AbortController();
    this.controller = controller;
    this.running = this.loop(controller.signal);
  }

  /** Ends the stream (and the engine's process behind it) and waits for the loop to finish. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.running;
    this.running = undefined;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let backoff = FIRST_BACKOFF_MS;
    let restarted = false;
    while (!signal.aborted) {
      const started = this.clock.now().getTime();
      this.metrics.runtimeEventsUp(true);
      if (restarted) void this.monitor.resync();
      try {
        for await (const event of this.events.follow(signal)) {
          if (event.action === 'other') continue;
          void this.monitor.refresh([event.container]);
        }
        if (signal.aborted) break;
        this.logger.warn('monitor: runtime event stream ended; restarting it');
      } catch (e) {
        if (signal.aborted) break;
        this.logger.warn(`monitor: runtime event stream broke: ${messageOf(e)}`);
      }
      this.metrics.runtimeEventsUp(false);
      if (this.clock.now().getTime() - started >= HEALTHY_AFTER_MS) backoff = FIRST_BACKOFF_MS;
      this.logger.info(`monitor: restarting the runtime event stream in ${backoff} ms`);
      await this.sleeper.sleep(backoff, signal);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      restarted = true;
    }
    this.metrics.runtimeEventsUp(false);
  }
}
