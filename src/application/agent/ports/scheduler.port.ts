import { token } from '../../shared/ports/token';
export interface ScheduleOptions {
  /** Run once right away instead of waiting a first interval. */
  readonly immediate?: boolean;
  /** Let the timer keep the process alive; by default it does not. */
  readonly keepAlive?: boolean;
}

/**
 * Runs a job again and again, never two at once: the next run is due one
 * interval after the previous one finished. A rejected run is reported by
 * the adapter and does not stop the schedule.
 */
export interface Scheduler {
  start(intervalMs: number, job: () => Promise<unknown>, options?: ScheduleOptions): void;
  /** Cancels what is pending and resolves once a run in progress has finished. */
  stop(): Promise<void>;
}
export const SCHEDULER = token<Scheduler>('mcp.Scheduler');
