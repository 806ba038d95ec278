import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { type ServiceSpec, createServiceSpec } from '../../../domain/service/service-spec';
import type * as pb from '../generated/mcp/v1/mcp';
import { healthCheckFromWire, healthCheckToWire } from './health.mapping';
import { pullPolicy } from './states.mapping';

export function specToWire(spec: ServiceSpec): pb.ServiceSpec {
  return {
    name: spec.name,
    node: spec.node,
    active: spec.active,
    components: spec.components.map((c) => ({
      name: c.name,
      image: c.image,
      network: c.network ?? '',
      user: c.user ?? '',
      restart: c.restart,
      ports: [...c.ports],
      volumes: [...c.volumes],
      cmd: [...c.cmd],
      env: { ...c.env },
      pull: pullPolicy.toWire(c.pull),
      health: healthCheckToWire(c.health),
      secrets: { ...c.secrets },
      secretFiles: { ...c.secretFiles },
    })),
  };
}

/**
 * Wire → domain goes through the same gate as a file (createServiceSpec), so
 * an RPC can never record what a file could not. `where` names the request field.
 */
export function specFromWire(wire: pb.ServiceSpec, where: string): ServiceSpec {
  return createServiceSpec(
    {
      name: wire.name,
      node: wire.node,
      active: wire.active,
      components: wire.components.map((c, i) => {
        if (c.pull !== 0 && !pullPolicy.knows(c.pull)) {
          throw new DomainError(ErrorCode.InvalidSpec, `${where}: components[${i}].pull: unknown value ${c.pull}`);
        }
        return {
          name: c.name,
          image: c.image,
          restart: c.restart || undefined,
          ports: c.ports,
          volumes: c.volumes,
          cmd: c.cmd,
          env: c.env,
          secrets: c.secrets,
          secretFiles: c.secretFiles,
          pull: c.pull === 0 ? undefined : pullPolicy.fromWire(c.pull),
          ...(c.network ? { network: c.network } : {}),
          ...(c.user ? { user: c.user } : {}),
          ...(c.health ? { health: healthCheckFromWire(c.health)! } : {}),
        };
      }),
    },
    where,
  );
}
