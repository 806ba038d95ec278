/** Waits between retries; resolves early (never rejects) when `signal` aborts. The timer belongs to an adapter. */
export interface Pause {
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
