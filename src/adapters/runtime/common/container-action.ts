import type { ContainerAction } from '../../../application/agent/ports/runtime-events.port';

/*
 * Engines name the same happening differently: podman says "died" where the
 * Docker API says "die", and "remove" where dockerd says "destroy". Whatever
 * is not listed (init, cleanup, attach, exec_*, health_status...) is "other".
 */
const ACTIONS: Readonly<Record<string, ContainerAction>> = {
  create: 'create',
  start: 'start',
  restart: 'start',
  stop: 'stop',
  die: 'die',
  died: 'die',
  kill: 'kill',
  pause: 'pause',
  unpause: 'unpause',
  remove: 'remove',
  destroy: 'remove',
  rename: 'rename',
};

export function containerActionOf(status: string): ContainerAction {
  // Docker API actions may carry a detail after a colon ("exec_start: sh -c ...").
  const word = status.split(':', 1)[0]!.trim().toLowerCase();
  return ACTIONS[word] ?? 'other';
}
