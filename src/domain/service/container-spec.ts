import { containerName } from '../names/container-name';
import type { ComponentSpec } from './service-spec';

export const LABEL_SERVICE = 'mcp.service';
export const LABEL_COMPONENT = 'mcp.component';

/**
 * One secret value handed to one container: as the env variable `target`
 * (kind env) or as the read-only (0400) file at the absolute path `target`
 * (kind file). The version names it, so two versions never clash.
 */
export interface SecretMount {
  readonly kind: 'env' | 'file';
  readonly target: string;
  readonly secret: string;
  readonly version: number;
  readonly value: Uint8Array;
}

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
  /** Values from the node's secret store; never in `env`, never in a label. */
  readonly secrets?: readonly SecretMount[];
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
