import { DomainError, ErrorCode } from '../errors/domain-error';
import { containerName } from './container-name';

/** Just the names of a service: a spec, or a record's specs. */
export interface ServiceNames {
  readonly name: string;
  readonly components: readonly { readonly name: string }[];
}

export interface ContainerOwner {
  readonly service: string;
  readonly component: string;
}

/** One container name claimed by two services (the earlier one in the input first). */
export interface NameCollision {
  readonly container: string;
  readonly first: ContainerOwner;
  readonly second: ContainerOwner;
}

/**
 * Container names are `<service>-<component>` (or `<service>`), so `relx` +
 * `a-b` and `relx-a` + `b` both name `relx-a-b`; a deploy of one would stop
 * and replace the other's container. Within one service names never clash
 * (component names are unique and never empty), so only pairs of different
 * services are reported. The services must be those of one node.
 */
export function nameCollisions(services: readonly ServiceNames[]): NameCollision[] {
  const owners = new Map<string, ContainerOwner>();
  const found: NameCollision[] = [];
  for (const s of services) {
    for (const c of s.components) {
      const container = containerName(s.name, c.name);
      const owner = { service: s.name, component: c.name };
      const first = owners.get(container);
      if (!first) owners.set(container, owner);
      else if (first.service !== s.name) found.push({ container, first, second: owner });
    }
  }
  return found;
}

/** Collisions among services of many nodes: a container name is unique per node only. */
export function nameCollisionsPerNode(services: readonly (ServiceNames & { readonly node: string })[]): NameCollision[] {
  const byNode = new Map<string, ServiceNames[]>();
  for (const s of services) byNode.set(s.node, [...(byNode.get(s.node) ?? []), s]);
  return [...byNode.values()].flatMap((group) => nameCollisions(group));
}

/** The collisions that involve `service` among `others` (a deploy's one service against the registry). */
export function collisionsOf(service: ServiceNames, others: readonly ServiceNames[]): NameCollision[] {
  return nameCollisions([...others.filter((o) => o.name !== service.name), service]).filter((c) => c.second.service === service.name);
}

/** NAME_COLLISION naming both services, their components and the container; `where` prefixes it (a file). */
export function nameCollisionError(c: NameCollision, where?: string): DomainError {
  const prefix = where ? `${where}: ` : '';
  return new DomainError(
    ErrorCode.NameCollision,
    `${prefix}services ${c.first.service} and ${c.second.service} both name container ${c.container} ` +
      `(${c.first.service} component ${c.first.component}, ${c.second.service} component ${c.second.component}): rename a component or a service; nothing was changed`,
  );
}

/** Throws NAME_COLLISION for the first collision, if any. */
export function assertNoNameCollision(services: readonly ServiceNames[], where?: string): void {
  const [first] = nameCollisions(services);
  if (first) throw nameCollisionError(first, where);
}

/** Throws NAME_COLLISION when `service` would name a container that one of `others` (another service) names. */
export function assertNoCollisionWith(service: ServiceNames, others: readonly ServiceNames[]): void {
  const [first] = collisionsOf(service, others);
  if (first) throw nameCollisionError(first);
}
