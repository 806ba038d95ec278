/**
 * The node_timeout clock of one call: started when the call is made, stopped
 * by `accept()` (the call's first answer, however that call defines it).
 * Expiry runs `onExpiry` (which cancels the call) once, and leaves `expired`
 * set so the call's failure can be worded as a time-out rather than as the
 * cancellation it caused.
 */
export class FirstAnswer {
  private timer: NodeJS.Timeout | undefined;
  expired = false;

  constructor(ms: number, onExpiry: () => void) {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.expired = true;
      onExpiry();
    }, ms);
  }

  /** Idempotent; every way a call settles calls it, so no timer outlives its call. */
  accept(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
