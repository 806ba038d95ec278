import { token } from '../../shared/ports/token';
/** What the engine says happened to a container, in the engine's own words normalised to these. */
export type ContainerAction = 'create' | 'start' | 'stop' | 'die' | 'kill' | 'pause' | 'unpause' | 'remove' | 'rename' | 'other';

export interface RuntimeEvent {
  /** The container's name (after the event, for a rename). */
  readonly container: string;
  readonly action: ContainerAction;
  readonly time: Date;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The engine's live stream of container events (`podman events`, the Docker
 * API's /events). The iteration ends normally when `signal` aborts; it throws
 * RUNTIME_UNAVAILABLE or RUNTIME_FAILED when the stream breaks, so the caller
 * can restart it with backoff and resynchronise.
 */
export interface RuntimeEvents {
  follow(signal: AbortSignal): AsyncIterable<RuntimeEvent>;
}
export const RUNTIME_EVENTS = token<RuntimeEvents>('mcp.RuntimeEvents');
