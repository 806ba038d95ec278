import type { ContainerInfo } from '../../../application/agent/ports/container-runtime.port';
import { observedStateFromRuntime } from '../../../domain/state/states';
import { type ImageDefaults, imageDefaultsOf, type Json, labelsOf, obj, str, strings } from '../common/inspect-json';

export { detailsFromInspect, type ImageDefaults, imageIdsOf } from '../common/inspect-json';

/*
 * Parses the JSON that podman 4.x prints for `ps --all --format=json`,
 * `container inspect` and `image inspect`. Recorded samples live in
 * test/unit/runtime/fixtures. Anything podman leaves out becomes "absent",
 * never a guess.
 */

export function parseJsonArray(text: string, what: string): Json[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new Error(`podman ${what}: output is not JSON`);
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) throw new Error(`podman ${what}: expected a JSON array`);
  return parsed.map(obj);
}

/** podman writes "never started" as Go's zero time (year 1) or a negative epoch. */
function dateFromEpochSeconds(v: unknown): Date | undefined {
  return typeof v === 'number' && v > 0 ? new Date(v * 1000) : undefined;
}

/** `podman ps --all --format=json` → ContainerInfo[]. */
export function parsePs(text: string): ContainerInfo[] {
  return parseJsonArray(text, 'ps').map((c) => {
    const startedAt = dateFromEpochSeconds(c.StartedAt);
    return {
      name: strings(c.Names)[0] ?? str(c.Id),
      image: str(c.Image),
      state: observedStateFromRuntime(str(c.State)),
      labels: labelsOf(c.Labels),
      ...(startedAt ? { startedAt } : {}),
      ...(str(c.ImageID) !== '' ? { imageId: str(c.ImageID) } : {}),
    };
  });
}

/**
 * `ps --all --format=json` as the reaper needs it: every container's full
 * ID (a conmon watching any other ID is an orphan), and the names of the
 * containers of `services` podman shows as "stopping" (a word the port's
 * states fold into "stopped").
 */
export function parsePsForReap(text: string, serviceLabel: string, services: ReadonlySet<string>): { ids: Set<string>; stopping: string[] } {
  const containers = parseJsonArray(text, 'ps');
  return {
    ids: new Set(containers.map((c) => str(c.Id))),
    stopping: containers.filter((c) => str(c.State) === 'stopping' && services.has(labelsOf(c.Labels)[serviceLabel] ?? '')).map((c) => strings(c.Names)[0] ?? str(c.Id)),
  };
}

/** `podman image inspect` → defaults keyed by image ID. */
export function parseImageInspect(text: string): Map<string, ImageDefaults> {
  const out = new Map<string, ImageDefaults>();
  for (const image of parseJsonArray(text, 'image inspect')) {
    out.set(str(image.Id), imageDefaultsOf(image));
  }
  return out;
}

/** `podman image inspect` of one image → its ID and repo digests. */
export function parseImageInfo(text: string): { id: string; repoDigests: string[] } | undefined {
  const image = parseJsonArray(text, 'image inspect')[0];
  if (image === undefined) return undefined;
  return { id: str(image.Id), repoDigests: strings(image.RepoDigests) };
}
