import type { DeployJournal, JournalEntry } from '../../src/application/agent/ports/deploy-journal.port';
import type { ServiceRecord } from '../../src/domain/service/service-record';
import type { FakeRegistry } from './fake-registry';

/** The deploy journal beside a FakeRegistry; `commit` saves the record there. */
export class MemoryDeployJournal implements DeployJournal {
  readonly entries = new Map<string, JournalEntry>();
  constructor(private readonly registry: FakeRegistry) {}

  async begin(entry: JournalEntry): Promise<void> {
    this.entries.set(entry.service, structuredClone(entry));
  }

  async commit(service: string, record: ServiceRecord): Promise<void> {
    await this.registry.saveService(record);
    this.entries.delete(service);
  }

  async clear(service: string): Promise<void> {
    this.entries.delete(service);
  }

  async list(): Promise<JournalEntry[]> {
    return [...this.entries.values()].map((e) => structuredClone(e));
  }
}
