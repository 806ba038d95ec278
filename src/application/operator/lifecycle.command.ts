import { DomainError, ErrorCode, isDomainError, messageOf } from '../../domain/errors/domain-error';
import { assertValidName } from '../../domain/names/name.value';
import type { AgentGatewayFactory } from './ports/agent-gateway.port';
import type { ServiceOutcome } from '../shared/results/component-outcome';
import type { ActiveChange, ServiceDefinitions } from './ports/operator.ports';
import { withGateway } from './support/fan-out';
import type { NodeLocator } from './support/node-locator';

export type LifecycleAction = 'stop' | 'start' | 'restart';

export interface LifecycleResult {
  readonly node: string;
  readonly action: LifecycleAction;
  /** The definition whose `active` was set, or undefined when there was no file (or on restart). */
  readonly fileUpdated?: string;
  readonly outcome: ServiceOutcome;
}

/**
 * `mcp stop|start|restart <service>`. stop/start first flip `active` in the
 * definition (so the file stays the truth, and a later sync agrees), then
 * call the agent; when the agent refuses the call or never gets it, the
 * file is put back (see afterFailure). Without a file only the agent is
 * told: there is nothing to keep in step, and the agent's record carries
 * the state. restart never touches the file.
 */
export class LifecycleCommand {
  constructor(
    private readonly locator: NodeLocator,
    private readonly definitions: ServiceDefinitions,
    private readonly gateways: AgentGatewayFactory,
  ) {}

  async execute(action: LifecycleAction, serviceName: string): Promise<LifecycleResult> {
    const service = assertValidName('service', serviceName);
    const located = await this.locator.locate(service);
    const flip = located.file && action !== 'restart' ? { path: located.file.path, active: action === 'start' } : undefined;
    const change = flip ? await this.definitions.setActive(flip.path, flip.active) : undefined;
    let outcome: ServiceOutcome;
    try {
      outcome = await withGateway(this.gateways, located.node, (g) =>
        action === 'stop' ? g.stop(service) : action === 'start' ? g.start(service) : g.restart(service),
      );
    } catch (e) {
      throw flip && change ? await this.afterFailure(e, flip, change) : e;
    }
    return { node: located.node.name, action, outcome, ...(flip ? { fileUpdated: flip.path } : {}) };
  }

  /**
   * The call failed after the file was flipped. A node that refused it, or
   * never had it (unreachable, node_timeout before it accepted the call),
   * changed nothing, so neither does the command: the file is put back and
   * the error says so. Otherwise the node may have acted (it accepted the
   * call), so the file keeps the new state and the error says what it now says.
   */
  private async afterFailure(e: unknown, flip: { path: string; active: boolean }, change: ActiveChange): Promise<unknown> {
    const code = isDomainError(e) ? e.code : ErrorCode.Internal;
    if (!NOT_ACTED.has(code)) return new DomainError(code, `${messageOf(e)}; ${flip.path} now says active = ${flip.active}`);
    try {
      await change.undo();
    } catch (undoError) {
      return new DomainError(code, `${messageOf(e)} (${flip.path} could not be put back: ${messageOf(undoError)}; it says active = ${flip.active})`);
    }
    return new DomainError(code, `${messageOf(e)}; ${flip.path} left unchanged`);
  }
}

/** Failures after which the node has not acted on the call: refused, or never accepted it. */
const NOT_ACTED: ReadonlySet<ErrorCode> = new Set([ErrorCode.PermissionDenied, ErrorCode.Unauthenticated, ErrorCode.NodeUnavailable]);
