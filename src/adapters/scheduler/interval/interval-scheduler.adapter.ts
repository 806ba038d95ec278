import type { Logger } from '../../../application/shared/ports/logger.port';
import type { ScheduleOptions, Scheduler } from '../../../application/agent/ports/scheduler.port';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';

// setTimeout silently turns anything above this into 1 ms.
const MAX_DELAY_MS = 2_147_483_647;

/**
 * A chain of setTimeout calls: the next run is armed only when the previous
 * one has finished, so runs never overlap and a slow run simply delays the
 * next. Timers are unref'd unless `keepAlive`: the schedule alone never keeps
 * the process running.
 */
export class IntervalScheduler implements Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private generation = 0;
  private active = false;

  constructor(private readonly logger: Logger) {}

  start(intervalMs: number, job: () => Promise<unknown>, options: ScheduleOptions = {}): void {
    if (this.active) throw new DomainError(ErrorCode.Internal, 'scheduler: already started; stop() it before starting again');
    if (!Number.isFinite(intervalMs) || intervalMs <= 0 || intervalMs > MAX_DELAY_MS) {
      throw new DomainError(ErrorCode.InvalidArgument, `scheduler: interval must be between 1 ms and ${MAX_DELAY_MS} ms, got ${intervalMs}`);
    }
    this.active = true;
    const generation = ++this.generation;
    const arm = (delay: number): void => {
      const timer = setTimeout(() => {
        this.timer = undefined;
        const run = this.runOnce(job);
        this.running = run;
        void run.then(() => {
          if (this.running === run) this.running = undefined;
          if (this.active && this.generation === generation) arm(intervalMs);
        });
      }, delay);
      if (!options.keepAlive) timer.unref();
      this.timer = timer;
    };
    arm(options.immediate ? 0 : intervalMs);
  }

  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  private async runOnce(job: () => Promise<unknown>): Promise<void> {
    try {
      await job();
    } catch (e) {
      this.logger.error(`scheduler: scheduled job failed, next run stays scheduled: ${messageOf(e)}`);
    }
  }
}
