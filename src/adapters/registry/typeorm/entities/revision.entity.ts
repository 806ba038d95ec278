import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'revisions' })
@Index('idx_revisions_service_id', ['service', 'id'])
export class RevisionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'text' })
  service!: string;

  /** NULL for a failed attempt. */
  @Column({ type: 'integer', nullable: true })
  number!: number | null;

  /** Epoch milliseconds. */
  @Column({ type: 'integer' })
  at!: number;

  @Column({ type: 'text' })
  caller!: string;

  /** deployed | failed */
  @Column({ type: 'text' })
  result!: string;

  @Column({ type: 'text' })
  note!: string;

  /** JSON of the ServiceSpec. */
  @Column({ type: 'text' })
  spec!: string;

  /** JSON of the RevisionComponent list. */
  @Column({ type: 'text' })
  components!: string;
}
