import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type PodmanEnv, podmanCli } from './podman-env';

const run = promisify(execFile);

/** Where Debian's busybox-static puts its binary. */
export const BUSYBOX = '/bin/busybox';

/** Runs until SIGTERM, then exits at once (within a second): `stop` stays fast. */
export const IDLE_CMD = ['/bin/sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"];

/**
 * A root filesystem tarball holding only busybox and its applet links
 * (sh, sleep, httpd, ...). Built once per fixture, imported many times.
 */
export async function buildBusyboxRootfs(dir: string): Promise<string> {
  if (!existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: install the Debian package busybox-static`);
  const root = join(dir, 'rootfs');
  for (const d of ['bin', 'tmp', 'etc', 'data']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync(BUSYBOX, join(root, 'bin', 'busybox'));
  const { stdout } = await run(BUSYBOX, ['--list']);
  for (const applet of stdout.split('\n').map((s) => s.trim())) {
    if (applet === '' || applet === 'busybox' || applet.includes('/')) continue;
    symlinkSync('busybox', join(root, 'bin', applet));
  }
  const tarball = join(dir, 'rootfs.tar');
  await run('tar', ['-C', root, '-cf', tarball, '.']);
  return tarball;
}

export interface TestImageOptions {
  /** Default command; IDLE_CMD when left out. */
  readonly cmd?: readonly string[];
  /** Variables baked into the image (a container inherits them). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Imports the rootfs as `<registry>/mcp-test/<name>:<tag>`, pushes it to the
 * local registry, and removes it locally again, so that the first use in a
 * test is a real pull.
 */
export async function publishTestImage(
  env: PodmanEnv,
  rootfsTar: string,
  registry: string,
  name: string,
  tag: string,
  options: TestImageOptions = {},
): Promise<string> {
  const ref = `${registry}/mcp-test/${name}:${tag}`;
  const changes = [`--change=CMD ${JSON.stringify(options.cmd ?? IDLE_CMD)}`];
  for (const [k, v] of Object.entries(options.env ?? {})) changes.push(`--change=ENV ${k}=${v}`);
  await podmanCli(env, ['import', '--quiet', ...changes, rootfsTar, ref]);
  await podmanCli(env, ['push', '--quiet', '--tls-verify=false', ref]);
  await podmanCli(env, ['rmi', '--force', ref]);
  return ref;
}
