import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'unmanaged_containers' })
export class UnmanagedContainerEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  image!: string;

  @Column({ type: 'text' })
  observed!: string;
}
