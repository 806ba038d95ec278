import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import { previousContainerName } from '../../../domain/names/container-name';
import type { ContainerRuntime } from '../ports/container-runtime.port';
import type { JournalComponent } from '../ports/deploy-journal.port';

/**
 * Puts journaled components back as they were, from what the runtime shows
 * now, so the same code undoes a failed gate and a deploy cut short by a
 * crash at any point:
 * - `<c>.mcp-prev` exists → `<c>` (if any) is this deploy's new container:
 *   remove it, then rename the old one back;
 * - no `.mcp-prev` and there was no old container → `<c>` is new: remove it;
 * - no `.mcp-prev` and there was one → `<c>` is still the old one (never renamed);
 * then start it if it was running. Last component first. Never throws:
 * each component gets undefined (restored) or the error that stopped it.
 */
export async function undoComponents(runtime: ContainerRuntime, components: readonly JournalComponent[]): Promise<Map<string, DomainError | undefined>> {
  const names = components.flatMap((c) => [c.container, previousContainerName(c.container)]);
  const state = new Map((await runtime.inspect(names)).map((c) => [c.name, c.state]));
  const results = new Map<string, DomainError | undefined>();
  for (const c of [...components].reverse()) {
    const prev = previousContainerName(c.container);
    try {
      let running = false;
      if (state.has(prev)) {
        await runtime.remove(c.container);
        await runtime.rename(prev, c.container);
        running = state.get(prev) === 'running';
      } else if (!c.hadOld) {
        await runtime.remove(c.container);
      } else {
        running = state.get(c.container) === 'running';
      }
      if (c.hadOld && c.wasRunning && !running) await runtime.start(c.container);
      results.set(c.component, undefined);
    } catch (e) {
      results.set(c.component, e instanceof DomainError ? e : new DomainError(ErrorCode.RuntimeFailed, messageOf(e)));
    }
  }
  return results;
}
