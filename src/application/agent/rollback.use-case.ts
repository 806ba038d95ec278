import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { assertValidName } from '../../domain/names/name.value';
import { type Revision, numbered } from '../../domain/revision/revision';
import type { RollbackOutcome } from '../shared/results/history';
import type { DeployUseCase } from './deploy.use-case';
import type { AgentSettings } from './ports/agent-settings.port';
import type { ContainerRuntime } from './ports/container-runtime.port';
import type { Registry } from './ports/registry.port';

export interface RollbackInput {
  readonly service: string;
  /** The revision to go back to; default the one before the current. */
  readonly to?: number;
  readonly caller?: string;
}

/**
 * `mcp rollback`: deploys a recorded revision through the same deploy (and
 * its gate), running exactly the image each component ran then — by its ID
 * when the node still has it (a moved tag such as :latest does not matter),
 * else pulled by its repo digest. Every image is resolved before anything
 * changes, so an impossible rollback changes nothing.
 */
export class RollbackUseCase {
  constructor(
    private readonly registry: Registry,
    private readonly runtime: ContainerRuntime,
    private readonly deploy: DeployUseCase,
    private readonly settings: Pick<AgentSettings, 'nodeName'>,
  ) {}

  async execute(input: RollbackInput): Promise<RollbackOutcome> {
    const service = assertValidName('service', input.service);
    const node = this.settings.nodeName;
    if (!(await this.registry.getService(service))) throw new DomainError(ErrorCode.ServiceNotFound, `service ${service} is not known on node ${node}`);
    let target: Revision | undefined;
    // The history is read under the service's lock: "the revision before the
    // current one" must be the current one's, not one a deploy in flight replaces.
    const chooseUnderLock = async () => {
      target = this.target(service, numbered(await this.registry.listRevisions(service)), input.to);
      // The secret versions it ran too, while they are kept (the deploy refuses, saying so, otherwise).
      const secretVersions = Object.fromEntries(target.components.flatMap((c) => (c.secrets ? [[c.name, c.secrets]] : [])));
      return { spec: target.spec, runImages: await this.images(target), note: `rollback to ${target.number}`, secretVersions };
    };
    const outcome = await this.deploy.execute({ serviceName: service, chooseUnderLock, caller: input.caller ?? 'unknown' });
    return { outcome, to: target!.number!, spec: target!.spec, ...(outcome.revision !== undefined ? { revision: outcome.revision } : {}) };
  }

  private target(service: string, history: readonly Revision[], to: number | undefined): Revision {
    const node = this.settings.nodeName;
    if (history.length === 0) throw new DomainError(ErrorCode.RevisionNotFound, `service ${service} has no revisions on node ${node}: nothing to roll back to`);
    if (to === undefined) {
      const previous = history[1];
      if (!previous) throw new DomainError(ErrorCode.RevisionNotFound, `service ${service} has no revision before the current one (${history[0]!.number}): nothing to roll back to`);
      return previous;
    }
    if (!Number.isInteger(to) || to < 1) throw new DomainError(ErrorCode.InvalidArgument, `revision must be a whole number ≥ 1, got ${to}`);
    const found = history.find((r) => r.number === to);
    if (!found) throw new DomainError(ErrorCode.RevisionNotFound, `service ${service} has no revision ${to} on node ${node} (kept: ${history.map((r) => r.number).join(', ')})`);
    return found;
  }

  /** Per component: its image ID when the node still has it, else its repo digest, else a clear refusal. */
  private async images(target: Revision): Promise<Record<string, string>> {
    const run: Record<string, string> = {};
    for (const c of target.components) {
      if (c.imageId !== '' && (await this.runtime.inspectImage(c.imageId)) !== undefined) run[c.name] = c.imageId;
      else if (c.repoDigest !== undefined) run[c.name] = c.repoDigest;
      else {
        throw new DomainError(
          ErrorCode.ImageUnavailable,
          `cannot roll back ${target.service} to revision ${target.number}: component ${c.name} ran image ${c.image} (ID ${c.imageId.slice(0, 12) || 'unknown'}), which is no longer on node ${this.settings.nodeName} and has no repo digest to pull it by`,
        );
      }
    }
    return run;
  }
}
