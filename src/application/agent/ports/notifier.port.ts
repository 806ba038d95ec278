import type { Alert } from '../../../domain/monitor/alert';
import { token } from '../../shared/ports/token';

/** Tells a person something is wrong. Must not throw for a failed delivery: it reports it. */
export interface Notifier {
  notify(alert: Alert): Promise<void>;
}
export const NOTIFIER = token<Notifier>('mcp.Notifier');
