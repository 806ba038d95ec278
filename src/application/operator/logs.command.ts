import { parseSince } from '../../domain/time/since';
import type { Clock } from '../shared/ports/clock.port';
import type { ServiceLogLine } from '../shared/results/log-line';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { NodeLocator } from './support/node-locator';
import { parseServiceTarget } from './support/service-target';

export interface LogsInput {
  /** `<service>` or `<service>/<component>`. */
  readonly target: string;
  readonly follow: boolean;
  /** Lines per component before following; absent: 100, or all since `since` when that is given. */
  readonly tail?: number;
  readonly since?: string;
}

export interface LogsStream {
  readonly node: string;
  readonly service: string;
  /** Whether lines should name their component (the service has several and none was picked). */
  readonly several: boolean;
  /** Batches of lines as the agent sent them (never empty). */
  readonly lines: AsyncIterable<readonly ServiceLogLine[]>;
}

export const DEFAULT_TAIL = 100;

/**
 * `mcp logs`: finds the service's node and opens its log stream. Stopping the
 * iteration cancels the call, which makes the agent end its log processes;
 * the gateway is closed either way.
 */
export class LogsCommand {
  constructor(
    private readonly locator: NodeLocator,
    private readonly gateways: AgentGatewayFactory,
    private readonly clock: Clock,
  ) {}

  async execute(input: LogsInput): Promise<LogsStream> {
    const target = parseServiceTarget(input.target);
    const since = input.since !== undefined ? parseSince(input.since, this.clock.now()) : undefined;
    const tail = input.tail ?? (since ? undefined : DEFAULT_TAIL);
    await this.gateways.prepare();
    const located = await this.locator.locate(target.service);
    const several = target.component === undefined && ((located.file?.spec ?? located.held)?.components.length ?? 0) > 1;
    const gateway = await this.gateways.open(located.node);
    const request = { service: target.service, follow: input.follow, ...(target.component ? { component: target.component } : {}), ...(tail !== undefined ? { tail } : {}), ...(since ? { since } : {}) };
    async function* lines(): AsyncGenerator<readonly ServiceLogLine[]> {
      try {
        yield* gateway.logs(request);
      } finally {
        gateway.close();
      }
    }
    return { node: located.node.name, service: target.service, several, lines: lines() };
  }
}
