import type { ContainerInfo } from '../../../application/agent/ports/container-runtime.port';
import type { RuntimeEvent } from '../../../application/agent/ports/runtime-events.port';
import { observedStateFromRuntime } from '../../../domain/state/states';
import { containerActionOf } from '../common/container-action';
import { type Json, labelsOf, obj, shortImageId, str, strings } from '../common/inspect-json';

/*
 * Reads the Engine API's answers that differ from podman's CLI: the
 * container list (GET /containers/json) and the event stream (GET /events).
 * Inspect has the same shape as podman's and is read by common/inspect-json.
 */

/** One entry of GET /containers/json?all=1. The list holds no start time: that is in inspect only. */
export function infoFromList(c: Json): ContainerInfo {
  const name = (strings(c.Names)[0] ?? str(c.Id)).replace(/^\//, '');
  const imageId = shortImageId(str(c.ImageID));
  return {
    name,
    image: str(c.Image),
    state: observedStateFromRuntime(str(c.State)),
    labels: labelsOf(c.Labels),
    ...(imageId !== '' ? { imageId } : {}),
  };
}

/**
 * Attributes the engine adds next to the labels in a container event
 * (dockerd: name, image, exitCode, signal...; podman: also containerExitCode).
 * A label with one of these keys cannot be told from them and is dropped.
 */
const NOT_LABELS = new Set(['name', 'image', 'exitCode', 'containerExitCode', 'signal', 'execID', 'oldName', 'podId', 'execDuration']);

/** One object of GET /events → RuntimeEvent; undefined for what is not a container event. */
export function eventFromApi(e: Json): RuntimeEvent | undefined {
  const type = str(e.Type) || str(e.type);
  if (type !== 'container') return undefined;
  const actor = obj(e.Actor);
  const attributes = obj(actor.Attributes);
  const name = str(attributes.name);
  const action = str(e.Action) || str(e.status);
  const time =
    typeof e.timeNano === 'number' && e.timeNano > 0 ? new Date(Math.floor(e.timeNano / 1e6)) : typeof e.time === 'number' ? new Date(e.time * 1000) : undefined;
  if (name === '' || action === '' || !time) return undefined;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) if (typeof v === 'string' && !NOT_LABELS.has(k)) labels[k] = v;
  return { container: name, action: containerActionOf(action), time, labels };
}
