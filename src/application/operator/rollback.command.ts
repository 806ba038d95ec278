import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { assertValidName } from '../../domain/names/name.value';
import { sameServiceSpec } from '../../domain/service/service-spec';
import type { RollbackOutcome } from '../shared/results/history';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { ServiceDefinitions } from './ports/operator.ports';
import { withGateway } from './support/fan-out';
import type { NodeLocator } from './support/node-locator';

export interface RollbackResult extends RollbackOutcome {
  readonly node: string;
  /** What became of the definition file after a successful rollback. */
  readonly file:
    | { readonly kind: 'written'; readonly path: string }
    | { readonly kind: 'unchanged'; readonly path: string }
    | { readonly kind: 'none' }
    | { readonly kind: 'kept'; readonly path: string };
}

/**
 * `mcp rollback <service> [--to N]`: the node deploys the revision; when that
 * succeeded, the definition file is made to say what now runs (only the lines
 * that differ change, comments stay), so the next deploy does not undo the
 * rollback. A failed rollback leaves the file alone ('kept').
 */
export class RollbackCommand {
  constructor(
    private readonly locator: NodeLocator,
    private readonly definitions: ServiceDefinitions,
    private readonly gateways: AgentGatewayFactory,
  ) {}

  async execute(input: { service: string; to?: number }): Promise<RollbackResult> {
    const service = assertValidName('service', input.service);
    if (input.to !== undefined && (!Number.isInteger(input.to) || input.to < 1)) {
      throw new DomainError(ErrorCode.InvalidArgument, `--to: revision must be a whole number ≥ 1, got ${input.to}`);
    }
    const located = await this.locator.locate(service);
    const r = await withGateway(this.gateways, located.node, (g) => g.rollback({ service, ...(input.to !== undefined ? { to: input.to } : {}) }));
    const base = { ...r, node: located.node.name };
    if (!located.file) return { ...base, file: { kind: 'none' } };
    const path = located.file.path;
    if (r.revision === undefined) return { ...base, file: { kind: 'kept', path } };
    if (sameServiceSpec(located.file.spec, r.spec)) return { ...base, file: { kind: 'unchanged', path } };
    await this.definitions.export(path, r.spec);
    return { ...base, file: { kind: 'written', path } };
  }
}
