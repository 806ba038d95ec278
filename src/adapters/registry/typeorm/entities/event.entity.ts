import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'events' })
@Index('idx_events_service_component_at', ['service', 'component', 'at'])
@Index('idx_events_at', ['at'])
export class EventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'text' })
  service!: string;

  @Column({ type: 'text' })
  component!: string;

  @Column({ name: 'from_state', type: 'text' })
  from!: string;

  @Column({ name: 'to_state', type: 'text' })
  to!: string;

  /** Epoch milliseconds. */
  @Column({ type: 'integer' })
  at!: number;
}
