import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { PREVIOUS_SUFFIX, containerName, isPreviousContainer } from '../../../domain/names/container-name';
import { LABEL_SERVICE } from '../../../domain/service/container-spec';
import type { ServiceRecord } from '../../../domain/service/service-record';

/** What a container carries that says whose it is. */
export interface Labelled {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Whose containers a deploy of `service` may stop, rename or remove: those
 * labelled `mcp.service=<service>`, and, without labels, only the
 * containers of components the registry marks adopted (made by hand, taken
 * in by `mcp adopt`, not replaced by a deploy since). A container made by
 * hand under a component's name after MCP's own was removed is not ours
 * until it is adopted. A `.mcp-prev` is judged as the container it was;
 * `renamedAside` names `.mcp-prev` containers a deploy's journal says it
 * made itself (a committed deploy's old containers, whose adopted mark the
 * commit already cleared).
 */
export class ContainerOwnership {
  private readonly adopted: ReadonlySet<string>;
  private readonly renamedAside: ReadonlySet<string>;

  constructor(
    readonly service: string,
    record: ServiceRecord | undefined,
    renamedAside: readonly string[] = [],
  ) {
    this.adopted = new Set((record?.components ?? []).filter((c) => c.adopted).map((c) => containerName(service, c.spec.name)));
    this.renamedAside = new Set(renamedAside);
  }

  isOurs(c: Labelled): boolean {
    const owner = c.labels[LABEL_SERVICE];
    if (owner !== undefined) return owner === this.service;
    if (this.renamedAside.has(c.name)) return true;
    return this.adopted.has(isPreviousContainer(c.name) ? c.name.slice(0, -PREVIOUS_SUFFIX.length) : c.name);
  }

  /** CONTAINER_NOT_OURS naming the container, its owner and what to do, unless it is ours. */
  assertOurs(c: Labelled): void {
    if (this.isOurs(c)) return;
    const owner = c.labels[LABEL_SERVICE];
    const whose = owner !== undefined ? `belongs to service ${owner} (label ${LABEL_SERVICE}=${owner}), not to ${this.service}` : `has no MCP labels and was not adopted into ${this.service}`;
    const todo =
      owner !== undefined
        ? `rename the container (podman rename ${c.name} <new name>) or the component in ${this.service}'s file`
        : `adopt it with "mcp adopt ${this.service}", or rename it (podman rename ${c.name} <new name>)`;
    throw new DomainError(ErrorCode.ContainerNotOurs, `container ${c.name} ${whose}: MCP will not stop, rename or remove it; ${todo}`);
  }
}
