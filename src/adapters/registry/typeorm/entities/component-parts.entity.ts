import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Shape shared by the ordered list tables (ports, volumes, cmd). */
abstract class ComponentListItem {
  @PrimaryColumn({ type: 'text' })
  service!: string;

  @PrimaryColumn({ type: 'text' })
  component!: string;

  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  value!: string;
}

@Entity({ name: 'component_ports' })
export class ComponentPortEntity extends ComponentListItem {}

@Entity({ name: 'component_volumes' })
export class ComponentVolumeEntity extends ComponentListItem {}

@Entity({ name: 'component_cmd' })
export class ComponentCmdEntity extends ComponentListItem {}

@Entity({ name: 'component_env' })
export class ComponentEnvEntity {
  @PrimaryColumn({ type: 'text' })
  service!: string;

  @PrimaryColumn({ type: 'text' })
  component!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}

export type ComponentListEntity = typeof ComponentPortEntity | typeof ComponentVolumeEntity | typeof ComponentCmdEntity;
