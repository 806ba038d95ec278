import type { DeployJournal, JournalEntry, JournalStep, OpenDeploy } from '../../src/application/agent/ports/deploy-journal.port';
import type { ServiceRecord } from '../../src/domain/service/service-record';
import type { FakeRegistry } from './fake-registry';

type Held = { -readonly [K in keyof OpenDeploy]: K extends 'steps' ? Record<string, JournalStep[]> : OpenDeploy[K] };

/** The deploy journal beside a FakeRegistry; `commit` saves the record there. */
export class MemoryDeployJournal implements DeployJournal {
  readonly entries = new Map<string, Held>();
  constructor(private readonly registry: FakeRegistry) {}

  async begin(entry: JournalEntry): Promise<void> {
    this.entries.set(entry.service, { ...structuredClone(entry), steps: {}, committed: false });
  }

  async record(service: string, component: string, step: JournalStep): Promise<void> {
    const held = this.entries.get(service);
    if (held) (held.steps[component] ??= []).push(step);
  }

  async commit(service: string, record: ServiceRecord): Promise<void> {
    await this.registry.saveService(record);
    const held = this.entries.get(service);
    if (held) held.committed = true;
  }

  async clear(service: string): Promise<void> {
    this.entries.delete(service);
  }

  async list(): Promise<OpenDeploy[]> {
    return [...this.entries.values()].map((e) => structuredClone(e));
  }
}
