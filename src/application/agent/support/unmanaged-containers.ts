import { containerName, isPreviousContainer } from '../../../domain/names/container-name';
import { LABEL_SERVICE } from '../../../domain/service/container-spec';
import type { ServiceRecord, UnmanagedContainer } from '../../../domain/service/service-record';
import type { ContainerInfo } from '../ports/container-runtime.port';

/** Containers that are no service's component, carry no label of a known service, and are no deploy's `.mcp-prev`. */
export function unmanagedContainers(services: readonly ServiceRecord[], containers: readonly ContainerInfo[]): UnmanagedContainer[] {
  const owned = new Set(services.flatMap((s) => s.components.map((c) => containerName(s.name, c.spec.name))));
  const known = new Set(services.map((s) => s.name));
  return containers
    .filter((c) => !owned.has(c.name) && !known.has(c.labels[LABEL_SERVICE] ?? '') && !isPreviousContainer(c.name))
    .map((c) => ({ name: c.name, image: c.image, observed: c.state }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
