import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import { previousContainerName } from '../../../domain/names/container-name';
import type { Clock } from '../../shared/ports/clock.port';
import type { ContainerDetails, ContainerInfo, ContainerRuntime } from '../ports/container-runtime.port';
import type { DeployJournal, OpenDeploy } from '../ports/deploy-journal.port';
import type { Registry } from '../ports/registry.port';
import { ContainerOwnership } from './container-ownership';
import { type UndoResult, look, mustRetry, undoComponents } from './undo-deploy';

/** A container as a listing or an inspect shows it: enough to judge it. */
type Seen = Pick<ContainerInfo, 'name' | 'labels' | 'state'>;

export interface SettlePorts {
  readonly runtime: ContainerRuntime;
  readonly journal: DeployJournal;
  readonly registry: Registry;
  readonly clock: Clock;
}

/** "api: <why> (now: web-api running, web-api.mcp-prev exited)" for each component not put back. */
export function problemsOf(undone: UndoResult): string[] {
  return [...undone.entries()].flatMap(([c, p]) => (p ? [`${c}: ${p.error.message} (now: ${p.state})`] : []));
}

/**
 * The end of a committed deploy: the old containers go. One that cannot be
 * removed is tried once more, then left to the next start (the entry stays).
 */
export async function finishCommitted(runtime: ContainerRuntime, open: OpenDeploy, ours: ContainerOwnership): Promise<string[]> {
  const withOld = open.components.filter((c) => c.hadOld);
  if (withOld.length === 0) return [];
  const problems: string[] = [];
  let seen: Map<string, ContainerDetails> | undefined;
  try {
    seen = await look(runtime, withOld);
  } catch {
    // Unknown: try every removal (removing an absent container is not an error).
  }
  for (const c of withOld) {
    const prev = previousContainerName(c.container);
    const old = seen?.get(prev);
    if (seen && !old) continue;
    try {
      if (old) ours.assertOurs(old);
      await runtime.remove(prev).catch(() => runtime.remove(prev));
    } catch (e) {
      problems.push(`${c.component}: could not remove ${prev}: ${messageOf(e)}`);
    }
  }
  return problems;
}

/**
 * Brings an entry an earlier deploy left to its end: committed → finished
 * forward, else undone. The entry is forgotten only when that worked (or
 * nothing is left to put back); a failure keeps it for the next try.
 * Recorded as a `recovered` event.
 */
export async function settleEntry(p: SettlePorts, entry: OpenDeploy): Promise<{ problems: string[]; kept: boolean }> {
  // A committed entry's old containers were renamed aside by the deploy itself, after it judged them its own.
  const aside = entry.committed ? entry.components.filter((c) => c.hadOld).map((c) => previousContainerName(c.container)) : [];
  const ours = new ContainerOwnership(entry.service, await p.registry.getService(entry.service), aside);
  const undone = entry.committed ? undefined : await undoComponents(p.runtime, entry, ours, (c) => p.journal.record(entry.service, c, 'restoring'));
  const problems = undone ? problemsOf(undone) : await finishCommitted(p.runtime, entry, ours);
  const retry = undone ? mustRetry(undone) : problems.length > 0;
  if (!retry) await p.journal.clear(entry.service);
  const what = entry.committed ? 'committed; its old containers are removed' : 'restored';
  const failed = entry.committed ? 'old containers left' : 'restore failed';
  const message = `deploy started ${entry.startedAt.toISOString()} was not finished; ${problems.length === 0 ? what : `${failed} for ${problems.join('; ')}${retry ? '; kept for the next agent start' : ''}`}`;
  await p.registry.addEvents([{ kind: 'deploy', service: entry.service, component: '', outcome: 'recovered', at: p.clock.now(), message }]);
  return { problems, kept: retry };
}

/**
 * A `.mcp-prev` no journal entry explains (its deploy committed, or the
 * node was touched by hand). Never renamed over, never deleted while it may
 * be the only good copy: removed only beside a running `<c>` of the same
 * service; given its name back when `<c>` is gone; anything else is refused
 * for the operator to decide. Answers what was done.
 */
export async function resolveStalePrevious(
  runtime: ContainerRuntime,
  ours: ContainerOwnership,
  prev: Seen,
  current: Seen | undefined,
  container: string,
): Promise<string> {
  ours.assertOurs(prev);
  if (current) ours.assertOurs(current);
  if (current?.state === 'running') {
    await runtime.remove(prev.name);
    return `removed ${prev.name}, left by an earlier deploy beside the running ${container}`;
  }
  if (!current) {
    await runtime.rename(prev.name, container);
    return `gave ${prev.name} its name back: it was the only copy of ${container}`;
  }
  throw new DomainError(
    ErrorCode.RuntimeFailed,
    `${prev.name} is left from an earlier deploy and ${container} is ${current.state}: MCP cannot tell which one is good; remove the one you do not want and try again`,
  );
}

