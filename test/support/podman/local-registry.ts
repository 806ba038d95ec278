import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { freePort } from '../net/free-port';

/** Debian's `docker-registry` serving plain HTTP on 127.0.0.1, storing under a temp dir. */
export interface LocalRegistry {
  /** `127.0.0.1:<port>`, the prefix of every image reference it serves. */
  readonly address: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.setTimeout(1000, () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startOnce(dir: string, port: number): Promise<LocalRegistry | undefined> {
  const storage = join(dir, 'storage');
  mkdirSync(storage, { recursive: true });
  const config = join(dir, `config-${port}.yml`);
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${storage}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '',
    ].join('\n'),
  );
  const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const registry: LocalRegistry = { address: `127.0.0.1:${port}`, process: child, stop: () => stopChild(child) };
  for (let i = 0; i < 150; i++) {
    const failed = await Promise.race([spawnError, sleep(100).then(() => undefined)]);
    if (failed) throw new Error(`cannot start docker-registry (is the Debian package docker-registry installed?): ${failed.message}`);
    if (child.exitCode !== null) {
      // Most likely someone took the port between freePort() and the listen: try another.
      if (/address already in use/i.test(stderr)) return undefined;
      throw new Error(`docker-registry exited with code ${child.exitCode}: ${stderr.trim()}`);
    }
    if (await answers(`http://${registry.address}/v2/`)) return registry;
  }
  await registry.stop();
  throw new Error(`docker-registry on ${registry.address} did not answer within 15 s: ${stderr.trim()}`);
}

export async function startLocalRegistry(dir: string): Promise<LocalRegistry> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const registry = await startOnce(dir, await freePort());
    if (registry) return registry;
  }
  throw new Error('docker-registry: no free port found after 5 attempts');
}
