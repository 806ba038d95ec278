import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { assertValidName } from '../../domain/names/name.value';
import { numbered } from '../../domain/revision/revision';
import type { ServiceHistory } from '../shared/results/history';
import type { AgentSettings } from './ports/agent-settings.port';
import type { Registry } from './ports/registry.port';

/** `mcp history`: the kept attempts of one service, newest first, and which revision is current. */
export class GetHistoryUseCase {
  constructor(
    private readonly registry: Registry,
    private readonly settings: Pick<AgentSettings, 'nodeName'>,
  ) {}

  async execute(serviceName: string): Promise<ServiceHistory> {
    const service = assertValidName('service', serviceName);
    if (!(await this.registry.getService(service))) {
      throw new DomainError(ErrorCode.ServiceNotFound, `service ${service} is not known on node ${this.settings.nodeName}`);
    }
    const revisions = await this.registry.listRevisions(service);
    const current = numbered(revisions)[0]?.number;
    return { service, node: this.settings.nodeName, revisions, ...(current !== undefined ? { current } : {}) };
  }
}
