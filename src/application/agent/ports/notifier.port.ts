import type { Alert } from '../../../domain/monitor/alert';

/** Tells a person something is wrong. Must not throw for a failed delivery: it reports it. */
export interface Notifier {
  notify(alert: Alert): Promise<void>;
}
export const NOTIFIER = Symbol.for('mcp.Notifier');
