import type { Notifier } from '../../src/application/agent/ports/notifier.port';
import type { Alert } from '../../src/domain/monitor/alert';

export class RecordingNotifier implements Notifier {
  readonly alerts: Alert[] = [];
  async notify(alert: Alert): Promise<void> {
    this.alerts.push(alert);
  }
  ofType(type: Alert['type']): Alert[] {
    return this.alerts.filter((a) => a.type === type);
  }
}
