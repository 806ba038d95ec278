import type { Sleeper } from '../../src/application/agent/ports/sleeper.port';
import type { FakeClock } from './fake-clock';

/** Sleeping moves the fake clock and returns at once; `onSleep` lets a test change the world meanwhile. */
export class FakeSleeper implements Sleeper {
  readonly slept: number[] = [];
  onSleep?: (totalMs: number) => void | Promise<void>;
  private total = 0;
  constructor(private readonly clock: FakeClock) {}

  async sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    this.total += ms;
    this.clock.advance(ms);
    if (this.onSleep) await this.onSleep(this.total);
  }
}
