import { setTimeout as delay } from 'node:timers/promises';
import type { Sleeper } from '../../../application/agent/ports/sleeper.port';

export class TimerSleeper implements Sleeper {
  async sleep(ms: number): Promise<void> {
    await delay(Math.max(0, ms));
  }
}
