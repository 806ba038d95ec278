import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { findComponent } from '../../domain/service/service-spec';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { ServiceOutcome } from '../shared/results/component-outcome';
import type { DeployProgress } from './ports/operator.ports';
import { withGateway } from './support/fan-out';
import type { NodeLocator } from './support/node-locator';
import { parseServiceTarget, type ServiceTarget } from './support/service-target';

export interface DeployResult {
  readonly node: string;
  /** Where the spec came from: a file (path) or the agent's registry. */
  readonly source: { readonly kind: 'file'; readonly path: string } | { readonly kind: 'agent' };
  readonly outcome: ServiceOutcome;
}

/**
 * `mcp deploy <service>[/<component>] [-f file]`. The spec comes from `-f`,
 * else `<services dir>/<service>.toml`, else the agent's own record (the RPC
 * then carries only the name), else a clear error from the locator. With
 * `-f` the target may be left out: the file names its service.
 */
export class DeployCommand {
  constructor(
    private readonly locator: NodeLocator,
    private readonly gateways: AgentGatewayFactory,
    private readonly progress: DeployProgress,
  ) {}

  async execute(input: { target?: string; file?: string }): Promise<DeployResult> {
    const { service, component } = await this.targetOf(input);
    const located = await this.locator.locate(service, input.file);
    const file = located.file;
    if (file && component !== undefined) findComponent(file.spec, component);
    const names = component !== undefined ? [component] : (file?.spec.components.map((c) => c.name) ?? []);
    const node = located.node.name;
    this.progress.started(node, service, names);
    let outcome: ServiceOutcome;
    try {
      outcome = await withGateway(this.gateways, located.node, (g) =>
        g.deploy(
          {
            ...(file ? { spec: file.spec } : { serviceName: service }),
            ...(component !== undefined ? { component } : {}),
          },
          (step) => this.progress.step(node, service, step),
        ),
      );
    } finally {
      this.progress.finished();
    }
    return { node, source: file ? { kind: 'file', path: file.path } : { kind: 'agent' }, outcome };
  }

  private async targetOf(input: { target?: string; file?: string }): Promise<ServiceTarget> {
    if (input.target !== undefined) return parseServiceTarget(input.target);
    if (input.file === undefined) throw new DomainError(ErrorCode.InvalidArgument, 'name the service to deploy, or give its file with -f');
    return { service: (await this.locator.fileAt(input.file)).spec.name };
  }
}
