import type { ServiceRecord } from '../../../domain/service/service-record';
import { token } from '../../shared/ports/token';

/** One component a deploy is about to replace, as it was before. */
export interface JournalComponent {
  readonly component: string;
  readonly container: string;
  /** A container of that name existed when the deploy began. */
  readonly hadOld: boolean;
  /** …and it was running (so undoing starts it again). */
  readonly wasRunning: boolean;
}

/**
 * What a deploy in progress must leave behind so that an agent killed in
 * the middle can undo it on its next start. Written before the first
 * container is touched; gone once the deploy is committed or undone.
 */
export interface JournalEntry {
  readonly service: string;
  readonly startedAt: Date;
  readonly components: readonly JournalComponent[];
}

/**
 * The journal lives beside the registry (one SQLite file): `commit` saves
 * the new record and forgets the entry in ONE transaction, so a crash leaves
 * either the old spec and an entry to undo, or the new spec and no entry.
 */
export interface DeployJournal {
  begin(entry: JournalEntry): Promise<void>;
  commit(service: string, record: ServiceRecord): Promise<void>;
  /** Forgets the entry (after an undo). */
  clear(service: string): Promise<void>;
  list(): Promise<JournalEntry[]>;
}
export const DEPLOY_JOURNAL = token<DeployJournal>('mcp.DeployJournal');
