import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import type { NodeStatus } from '../shared/results/service-status';
import { isTransition } from '../../domain/events/transition-event';
import { assertValidName } from '../../domain/names/name.value';
import type { Registry } from './ports/registry.port';
import type { LiveCheckUseCase } from './live-check.use-case';

export const DEFAULT_EVENT_LIMIT = 20;


/** A live check, then drift (carried on each component) and recent events per service. */
export class GetServiceStatusUseCase {
  constructor(private readonly registry: Registry, private readonly liveCheck: LiveCheckUseCase) {}

  async execute(input: { service?: string; eventLimit?: number }): Promise<NodeStatus> {
    const wanted = input.service ? assertValidName('service', input.service) : undefined;
    const live = await this.liveCheck.execute();
    const services = wanted ? live.services.filter((s) => s.spec.name === wanted) : live.services;
    if (wanted && services.length === 0) throw new DomainError(ErrorCode.ServiceNotFound, `service ${wanted} is not known on node ${live.node}`);
    const limit = input.eventLimit && input.eventLimit > 0 ? Math.min(input.eventLimit, 1000) : DEFAULT_EVENT_LIMIT;
    const statuses = await Promise.all(
      services.map(async (service) => ({ service, recentEvents: (await this.registry.listEvents({ service: service.spec.name, kinds: ['transition'], limit })).filter(isTransition) })),
    );
    return { node: live.node, services: statuses };
  }
}
