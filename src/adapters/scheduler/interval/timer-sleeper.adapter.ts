import type { Sleeper } from '../../../application/agent/ports/sleeper.port';

/** setTimeout, unref'd: a pending back-off never keeps the process alive. */
export class TimerSleeper implements Sleeper {
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
