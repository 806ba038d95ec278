import { containerName } from '../names/container-name';
import type { ComponentSpec } from './service-spec';

export const LABEL_SERVICE = 'mcp.service';
export const LABEL_COMPONENT = 'mcp.component';

/** What a runtime needs to start one container; runtime-neutral. */
export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly network?: string;
  readonly user?: string;
  readonly restart: string;
  readonly ports: readonly string[];
  readonly volumes: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cmd: readonly string[];
}

export function toContainerSpec(service: string, component: ComponentSpec): ContainerSpec {
  return {
    name: containerName(service, component.name),
    image: component.image,
    labels: { [LABEL_SERVICE]: service, [LABEL_COMPONENT]: component.name },
    restart: component.restart,
    ports: component.ports,
    volumes: component.volumes,
    env: component.env,
    cmd: component.cmd,
    ...(component.network !== undefined ? { network: component.network } : {}),
    ...(component.user !== undefined ? { user: component.user } : {}),
  };
}
