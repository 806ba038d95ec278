import { type PodmanEnv, podmanCli } from './podman-env';

/** Messages of podman's known races with a container's own clean-up (conmon's `podman container cleanup`), worth another try. */
const KNOWN_RACE = /container state improper|no such container|layer not known|device or resource busy/i;
const ATTEMPTS = 5;

/** Those of `names` podman shows as "stopping" (absent names are left out). */
async function stoppingAmong(env: PodmanEnv, names: readonly string[]): Promise<string[]> {
  const out = await podmanCli(env, ['ps', '--all', '--format=json']);
  const wanted = new Set(names);
  return ((JSON.parse(out.stdout || '[]') as Array<{ Names?: string[]; State?: string }> | null) ?? [])
    .filter((c) => c.State === 'stopping')
    .map((c) => c.Names?.[0] ?? '')
    .filter((name) => wanted.has(name));
}

/**
 * The one way tests remove containers: tolerant of the engine's known races,
 * and never leaving an orphan. A container left "stopping" (a podman stop or
 * rm killed midway) is stopped first, because podman 4.3's `rm --force`
 * would forget it with its conmon still running and holding its host ports
 * (see src/adapters/runtime/podman/podman-orphans.ts). Absent names are fine.
 */
export async function removeContainers(env: PodmanEnv, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  for (let attempt = 1; ; attempt++) {
    try {
      const stopping = await stoppingAmong(env, names);
      if (stopping.length > 0) await podmanCli(env, ['stop', '--ignore', '--time=0', '--', ...stopping]);
      await podmanCli(env, ['rm', '--force', '--ignore', '--time=0', '--', ...names]);
      return;
    } catch (e) {
      if (attempt >= ATTEMPTS || !KNOWN_RACE.test((e as Error).message)) throw e;
      // The race is with conmon's clean-up, which ends within moments.
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}
