import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { stopChild } from './local-registry';
import type { PodmanEnv } from './podman-env';

/** `podman system service` on a private unix socket: the Docker-compatible API testcontainers talks to. */
export interface PodmanService {
  readonly socketPath: string;
  /** `unix://<socket>`, the value for DOCKER_HOST. */
  readonly dockerHost: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** True when an engine API answers /_ping on this unix socket. */
export function pingSocket(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.setTimeout(1000, () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

export async function startPodmanService(env: PodmanEnv, socketPath: string): Promise<PodmanService> {
  rmSync(socketPath, { force: true });
  // --time=0: never exit on idle; the fixture stops it.
  const child = spawn('podman', ['system', 'service', '--time=0', `unix://${socketPath}`], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  const service: PodmanService = {
    socketPath,
    dockerHost: `unix://${socketPath}`,
    process: child,
    stop: async () => {
      await stopChild(child);
      rmSync(socketPath, { force: true });
    },
  };
  for (let i = 0; i < 300; i++) {
    if (spawnError) throw new Error(`cannot start podman system service: ${spawnError.message}`);
    if (child.exitCode !== null) throw new Error(`podman system service exited with code ${child.exitCode}: ${stderr.trim()}`);
    if (existsSync(socketPath) && (await pingSocket(socketPath))) return service;
    await new Promise((r) => setTimeout(r, 100));
  }
  await service.stop();
  throw new Error(`podman system service did not answer on ${socketPath} within 30 s: ${stderr.trim()}`);
}
