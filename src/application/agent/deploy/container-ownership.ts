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
 * labelled `mcp.service=<service>`, and the unlabelled ones the registry
 * already records for it (containers made by hand and adopted keep their
 * missing labels until their first deploy replaces them). A `.mcp-prev`
 * is judged as the container it was.
 */
export class ContainerOwnership {
  private readonly adopted: ReadonlySet<string>;

  constructor(
    readonly service: string,
    record: ServiceRecord | undefined,
  ) {
    this.adopted = new Set((record?.components ?? []).map((c) => containerName(service, c.spec.name)));
  }

  isOurs(c: Labelled): boolean {
    const owner = c.labels[LABEL_SERVICE];
    if (owner !== undefined) return owner === this.service;
    return this.adopted.has(isPreviousContainer(c.name) ? c.name.slice(0, -PREVIOUS_SUFFIX.length) : c.name);
  }

  /** CONTAINER_NOT_OURS naming the container, its owner and what to do, unless it is ours. */
  assertOurs(c: Labelled): void {
    if (this.isOurs(c)) return;
    const owner = c.labels[LABEL_SERVICE];
    const whose = owner !== undefined ? `belongs to service ${owner} (label ${LABEL_SERVICE}=${owner}), not to ${this.service}` : `has no MCP labels and is not part of ${this.service}`;
    const todo =
      owner !== undefined
        ? `rename the container (podman rename ${c.name} <new name>) or the component in ${this.service}'s file`
        : `adopt it with "mcp adopt ${this.service}", or rename it (podman rename ${c.name} <new name>)`;
    throw new DomainError(ErrorCode.ContainerNotOurs, `container ${c.name} ${whose}: MCP will not stop, rename or remove it; ${todo}`);
  }
}
