import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'events' })
@Index('idx_events_service_component_at', ['service', 'component', 'at'])
@Index('idx_events_at', ['at'])
export class EventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** transition | health | deploy (NodeEvent's kind). */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  service!: string;

  @Column({ type: 'text' })
  component!: string;

  @Column({ name: 'from_state', type: 'text' })
  from!: string;

  @Column({ name: 'to_state', type: 'text' })
  to!: string;

  /** JSON: a health probe's output, a deploy's message and revision; '' for a transition. */
  @Column({ type: 'text' })
  detail!: string;

  /** Epoch milliseconds. */
  @Column({ type: 'integer' })
  at!: number;
}
