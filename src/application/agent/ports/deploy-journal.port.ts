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
 * What a deploy has done to one component, each written once the engine
 * call returned: the old container `stopped`, `renamed` to `<c>.mcp-prev`,
 * the new one `ran`, its `gate-passed`. A step not written may still have
 * happened (the agent died before writing it): the undo reads the steps as
 * "at most this far, perhaps one further". The undo writes `restoring`
 * before it gives the old container its name back, so a `.mcp-prev` that is
 * gone without it was removed from outside, not renamed back.
 */
export const JOURNAL_STEPS = ['stopped', 'renamed', 'ran', 'gate-passed', 'restoring'] as const;
export type JournalStep = (typeof JOURNAL_STEPS)[number];

/**
 * What a deploy in progress must leave behind so that an agent killed in
 * the middle can undo it on its next start. Written before the first
 * container is touched.
 */
export interface JournalEntry {
  readonly service: string;
  readonly startedAt: Date;
  readonly components: readonly JournalComponent[];
}

/** An entry as the journal holds it: the components before, and what was done since. */
export interface OpenDeploy extends JournalEntry {
  /** Per component, the steps done so far, in order. */
  readonly steps: Readonly<Record<string, readonly JournalStep[]>>;
  /**
   * The new spec is saved: this deploy is finished forward (its `.mcp-prev`
   * containers removed), never undone.
   */
  readonly committed: boolean;
}

/**
 * The journal lives beside the registry (one SQLite file): `commit` saves
 * the new record and marks the entry committed in ONE transaction, so a
 * crash leaves either the old spec and an entry to undo, or the new spec
 * and an entry to finish. An entry is forgotten only once its containers
 * are as the registry says (`clear`): an undo that could not finish keeps
 * it, and the next start (or the next deploy of the service) tries again.
 */
export interface DeployJournal {
  /** A new entry for the service, with no steps (replacing any earlier one). */
  begin(entry: JournalEntry): Promise<void>;
  /** Records that `step` of `component` is done. */
  record(service: string, component: string, step: JournalStep): Promise<void>;
  commit(service: string, record: ServiceRecord): Promise<void>;
  /** Forgets the entry (undone, or committed and cleaned up). */
  clear(service: string): Promise<void>;
  list(): Promise<OpenDeploy[]>;
}
export const DEPLOY_JOURNAL = token<DeployJournal>('mcp.DeployJournal');
