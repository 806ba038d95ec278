import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import { previousContainerName } from '../../../domain/names/container-name';
import type { ContainerDetails, ContainerRuntime } from '../ports/container-runtime.port';
import type { JournalComponent, JournalStep, OpenDeploy } from '../ports/deploy-journal.port';
import type { ContainerOwnership } from './container-ownership';

/** A component the undo could not put back: why, and what the node shows now. */
export interface NotRestored {
  readonly error: DomainError;
  /** "web-api running, web-api.mcp-prev exited", as seen after the failure. */
  readonly state: string;
  /** Neither the container nor its `.mcp-prev` is left (removed by hand): no retry can bring it back. */
  readonly lost?: true;
}

/** Thrown inside the undo when there is nothing left to put back. */
class NothingLeft extends DomainError {}

/** Per component: undefined (as it was before the deploy) or what stopped its restore. */
export type UndoResult = Map<string, NotRestored | undefined>;

/** A restore worth trying again (the entry is kept for it): one that failed with something still there to put back. */
export function mustRetry(undone: UndoResult): boolean {
  return [...undone.values()].some((p) => p !== undefined && !p.lost);
}

/**
 * Puts a deploy's components back as they were, from its journal and what
 * the runtime shows now, so the same code undoes a failed gate, a deploy cut
 * short by a crash at any point, and an undo cut short itself:
 * - the old container may have been renamed (its stop is journaled) and
 *   `<c>.mcp-prev` exists → `<c>` (if any) is this deploy's new container:
 *   remove it, then give the old one its name back;
 * - there was no old container → `<c>` (if any, and ours) is new: remove it;
 * - otherwise `<c>` is still the old one (never renamed, or renamed back);
 * then start it if it was running. A `.mcp-prev` the journal cannot explain
 * is left alone, and nothing that is not the service's own is touched.
 * Last component first. Never throws.
 */
export async function undoComponents(
  runtime: ContainerRuntime,
  open: OpenDeploy,
  ours: ContainerOwnership,
  /** Journals `restoring` for a component, before its old container gets its name back. */
  restoring: (component: string) => Promise<void>,
): Promise<UndoResult> {
  const results: UndoResult = new Map();
  let seen: Map<string, ContainerDetails>;
  try {
    seen = await look(runtime, open.components);
  } catch (e) {
    const error = asDomainError(e);
    for (const c of open.components) results.set(c.component, { error, state: await stateOf(runtime, c) });
    return results;
  }
  for (const c of [...open.components].reverse()) {
    try {
      await undoOne(runtime, c, open.steps[c.component] ?? [], seen, ours, restoring);
      results.set(c.component, undefined);
    } catch (e) {
      results.set(c.component, { error: asDomainError(e), state: await stateOf(runtime, c), ...(e instanceof NothingLeft ? { lost: true as const } : {}) });
    }
  }
  return results;
}

async function undoOne(
  runtime: ContainerRuntime,
  c: JournalComponent,
  steps: readonly JournalStep[],
  seen: ReadonlyMap<string, ContainerDetails>,
  ours: ContainerOwnership,
  restoring: (component: string) => Promise<void>,
): Promise<void> {
  const prev = previousContainerName(c.container);
  const current = seen.get(c.container);
  const old = seen.get(prev);
  if (!c.hadOld) {
    // A container someone else made under this name meanwhile is not ours to remove.
    if (current && ours.isOurs(current)) await runtime.remove(c.container);
    return;
  }
  let running: boolean;
  if (steps.includes('stopped') && old) {
    ours.assertOurs(old);
    if (current) {
      ours.assertOurs(current);
      await runtime.remove(c.container);
    }
    await restoring(c.component);
    await runtime.rename(prev, c.container);
    running = old.state === 'running';
  } else if (current) {
    if (steps.includes('ran') && !steps.includes('restoring')) {
      throw new NothingLeft(ErrorCode.ContainerNotFound, `${prev} was removed from outside the deploy and ${c.container} is its new container: the old one cannot be put back`);
    }
    running = current.state === 'running';
  } else {
    throw new NothingLeft(ErrorCode.ContainerNotFound, `${c.container} is gone and there is no ${prev} to put back`);
  }
  if (c.wasRunning && !running) await runtime.start(c.container);
}

/** Every component's container and `.mcp-prev`, in one inspect. */
export async function look(runtime: ContainerRuntime, components: readonly JournalComponent[]): Promise<Map<string, ContainerDetails>> {
  const names = components.flatMap((c) => [c.container, previousContainerName(c.container)]);
  return new Map((await runtime.inspect(names)).map((d) => [d.name, d]));
}

/** What the node shows for a component after a failed restore, for the answer and the event. */
async function stateOf(runtime: ContainerRuntime, c: JournalComponent): Promise<string> {
  try {
    const seen = await look(runtime, [c]);
    return [c.container, previousContainerName(c.container)].map((n) => `${n} ${seen.get(n)?.state ?? 'absent'}`).join(', ');
  } catch (e) {
    return `unknown (${messageOf(e)})`;
  }
}

export function asDomainError(e: unknown): DomainError {
  return e instanceof DomainError ? e : new DomainError(ErrorCode.RuntimeFailed, messageOf(e));
}
