import type { Logger } from '../../shared/ports/logger.port';
import type { Scheduler } from '../ports/scheduler.port';
import type { HealthMonitor } from './health-monitor.use-case';

/** How often the health monitor looks for due checks; each check keeps its own interval. */
export const HEALTH_TICK_MS = 1_000;

/** Runs the health monitor on its own schedule, beside the monitor tick. */
export class HealthMonitorLoop {
  constructor(
    private readonly monitor: HealthMonitor,
    private readonly scheduler: Scheduler,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.scheduler.start(HEALTH_TICK_MS, () => this.monitor.run(), { immediate: true });
    this.logger.info('health monitor: started');
  }

  async stop(): Promise<void> {
    await this.scheduler.stop();
    await this.monitor.settle();
    this.logger.info('health monitor: stopped');
  }
}
