import type { ComponentRecord, ServiceRecord } from '../../../domain/service/service-record';
import type { ComponentSpec, ServiceSpec } from '../../../domain/service/service-spec';
import type { DeployStepListener } from '../../shared/results/deploy-step';
import type { JournalComponent, JournalStep, OpenDeploy } from '../ports/deploy-journal.port';
import type { ContainerOwnership } from './container-ownership';
import type { SecretMaterial } from './secret-material';

/** What the history needs of a deploy besides its outcome. */
export interface Attempt {
  readonly spec: ServiceSpec;
  readonly caller: string;
  readonly note: string;
  /** Per component, the image to run instead of the spec's (a rollback). */
  readonly run: Readonly<Record<string, string>>;
  /** Per component, the secret values (and versions) it runs with. */
  readonly secrets: SecretMaterial;
}

/** One deploy, from the lock taken to the answer: what every step of the protocol reads. */
export interface DeployRun {
  readonly service: string;
  readonly spec: ServiceSpec;
  readonly existing: ServiceRecord | undefined;
  readonly targets: readonly ComponentSpec[];
  /** Components gone from the file: their containers go at commit. */
  readonly dropped: readonly ComponentRecord[];
  /** The one component asked for, '' for the whole service (events name it). */
  readonly only: string;
  readonly attempt: Attempt;
  readonly ours: ContainerOwnership;
  readonly step: DeployStepListener;
  readonly startedAt: Date;
  /** The targets as they were, in target order (set once they are inspected). */
  components: readonly JournalComponent[];
  /** What the journal holds as done, kept in step with it. */
  readonly steps: Record<string, JournalStep[]>;
}

/** The run's journal entry as the journal holds it (for the undo). */
export function openDeployOf(run: DeployRun, committed = false): OpenDeploy {
  return { service: run.service, startedAt: run.startedAt, components: run.components, steps: run.steps, committed };
}
