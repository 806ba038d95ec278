import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'services' })
export class ServiceEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  node!: string;

  @Column({ type: 'integer' })
  active!: number;
}
