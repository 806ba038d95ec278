import { spawn } from 'node:child_process';
import { waitFor } from '../wait-for';
import type { PodmanFixture } from './podman-fixture';

/** podman's own state word for a container ("stopping" included, which the runtime port folds into "stopped"). */
export async function podmanState(pod: Pick<PodmanFixture, 'podman'>, name: string): Promise<string> {
  return (await pod.podman(['container', 'inspect', '--format={{.State.Status}}', '--', name])).stdout.trim();
}

/**
 * Leaves `name` as a `podman stop` killed with the agent leaves it: podman
 * has marked it "stopping" and sent SIGTERM, but died before its SIGKILL.
 * The container's PID 1 must ignore SIGTERM (busybox httpd as PID 1 does),
 * so it is still running.
 */
export async function interruptStop(pod: Pick<PodmanFixture, 'podman' | 'env'>, name: string): Promise<void> {
  const child = spawn('podman', ['stop', '--time=300', '--', name], { env: { ...process.env, ...pod.env }, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitFor(`podman stop to mark ${name} "stopping"`, 30_000, async () => ((await podmanState(pod, name)) === 'stopping' ? true : undefined), 20);
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}
