import { ComponentCmdEntity, ComponentEnvEntity, ComponentPortEntity, ComponentVolumeEntity } from './component-parts.entity';
import { ComponentEntity } from './component.entity';
import { DeployJournalEntity, DeployJournalStepEntity } from './deploy-journal.entity';
import { EventEntity } from './event.entity';
import { RevisionEntity } from './revision.entity';
import { ServiceEntity } from './service.entity';
import { UnmanagedContainerEntity } from './unmanaged-container.entity';

export const REGISTRY_ENTITIES = [
  ServiceEntity,
  ComponentEntity,
  ComponentPortEntity,
  ComponentVolumeEntity,
  ComponentCmdEntity,
  ComponentEnvEntity,
  EventEntity,
  UnmanagedContainerEntity,
  DeployJournalEntity,
  DeployJournalStepEntity,
  RevisionEntity,
];
