import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'deploy_journal' })
export class DeployJournalEntity {
  @PrimaryColumn({ type: 'text' })
  service!: string;

  @Column({ name: 'started_at', type: 'integer' })
  startedAt!: number;

  /** JSON: the components as they were (`JournalComponent[]`). */
  @Column({ type: 'text' })
  detail!: string;

  /** 1 once the new spec is saved: the deploy is finished forward, never undone. */
  @Column({ type: 'integer', default: 0 })
  committed!: number;
}

/** One step of a deploy in progress, appended as it is done. */
@Entity({ name: 'deploy_journal_steps' })
@Index('idx_deploy_journal_steps_service', ['service', 'id'])
export class DeployJournalStepEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'text' })
  service!: string;

  @Column({ type: 'text' })
  component!: string;

  /** A JournalStep. */
  @Column({ type: 'text' })
  step!: string;

  /** Epoch milliseconds. */
  @Column({ type: 'integer' })
  at!: number;
}
