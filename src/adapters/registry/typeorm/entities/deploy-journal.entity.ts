import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'deploy_journal' })
export class DeployJournalEntity {
  @PrimaryColumn({ type: 'text' })
  service!: string;

  @Column({ name: 'started_at', type: 'integer' })
  startedAt!: number;

  /** JSON: the components as they were (`JournalComponent[]`). */
  @Column({ type: 'text' })
  detail!: string;
}
