import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Times are epoch milliseconds: integers order and compare exactly. */
@Entity({ name: 'components' })
export class ComponentEntity {
  @PrimaryColumn({ type: 'text' })
  service!: string;

  @PrimaryColumn({ type: 'text' })
  name!: string;

  /** Index in the operator's file, so the order survives a round trip. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  image!: string;

  @Column({ type: 'text', nullable: true })
  network!: string | null;

  @Column({ type: 'text', nullable: true })
  user!: string | null;

  @Column({ type: 'text' })
  restart!: string;

  @Column({ type: 'text' })
  pull!: string;

  @Column({ type: 'text' })
  desired!: string;

  @Column({ type: 'text' })
  observed!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ name: 'observed_at', type: 'integer', nullable: true })
  observedAt!: number | null;

  @Column({ name: 'started_at', type: 'integer', nullable: true })
  startedAt!: number | null;

  /** JSON of the check's input shape; NULL = no check. */
  @Column({ name: 'health_check', type: 'text', nullable: true })
  healthCheck!: string | null;

  /** JSON `{ secrets?, secretFiles? }` of the spec's secret references; NULL = none. */
  @Column({ name: 'secret_refs', type: 'text', nullable: true })
  secretRefs!: string | null;

  /** Last verdict; NULL = not judged yet. */
  @Column({ type: 'text', nullable: true })
  health!: string | null;

  /** 1: its container was adopted and not replaced by a deploy since (ComponentRecord.adopted). */
  @Column({ type: 'integer', default: 0 })
  adopted!: number;
}
