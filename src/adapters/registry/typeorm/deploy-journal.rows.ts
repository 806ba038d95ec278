import type { EntityManager } from 'typeorm';
import type { JournalComponent, JournalEntry, JournalStep, OpenDeploy } from '../../../application/agent/ports/deploy-journal.port';
import { DeployJournalEntity, DeployJournalStepEntity } from './entities/deploy-journal.entity';

/** The deploy journal's rows, written inside the registry's call queue (TypeormRegistry). */
export async function beginEntry(m: EntityManager, entry: JournalEntry): Promise<void> {
  await m.delete(DeployJournalStepEntity, { service: entry.service });
  await m.save(DeployJournalEntity, { service: entry.service, startedAt: entry.startedAt.getTime(), detail: JSON.stringify(entry.components), committed: 0 });
}

export async function recordStep(m: EntityManager, service: string, component: string, step: JournalStep): Promise<void> {
  await m.insert(DeployJournalStepEntity, { service, component, step, at: Date.now() });
}

export async function markCommitted(m: EntityManager, service: string): Promise<void> {
  await m.update(DeployJournalEntity, { service }, { committed: 1 });
}

export async function clearEntry(m: EntityManager, service: string): Promise<void> {
  await m.delete(DeployJournalStepEntity, { service });
  await m.delete(DeployJournalEntity, { service });
}

export async function listEntries(m: EntityManager): Promise<OpenDeploy[]> {
  const rows = await m.find(DeployJournalEntity, { order: { service: 'ASC' } });
  const steps = await m.find(DeployJournalStepEntity, { order: { id: 'ASC' } });
  return rows.map((row) => {
    const done: Record<string, JournalStep[]> = {};
    for (const s of steps.filter((x) => x.service === row.service)) (done[s.component] ??= []).push(s.step as JournalStep);
    return {
      service: row.service,
      startedAt: new Date(Number(row.startedAt)),
      components: JSON.parse(row.detail) as JournalComponent[],
      steps: done,
      committed: Number(row.committed) === 1,
    };
  });
}
