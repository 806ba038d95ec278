import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { type FileHandle, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretMount } from '../../../domain/service/container-spec';
import { sweepValueDirs, valueDirPrefix } from './value-dirs';
import { CREATE_COMMAND_FORMAT } from './podman-args';
import type { Outcome, PodmanCli } from './podman-cli';

/** Where the FIFO a value passes through to `podman secret create` is made: tmpfs when the node has one. */
const VALUE_ROOT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const VALUE_DIR_PREFIX = 'mcp-secret-';

/** At agent start: the FIFO directories an agent killed during `create` left behind. */
export function sweepPodmanValueDirs(): Promise<string[]> {
  return sweepValueDirs(VALUE_ROOT, VALUE_DIR_PREFIX);
}

/** Every podman secret MCP makes starts so; no other is ever removed. */
const PODMAN_SECRET_PREFIX = 'mcp-';

/** The whole shape podmanSecretName gives (the random part is 4 bytes in hex). */
const OWN_SECRET_NAME = /^mcp-[a-z0-9-]+-v\d+-[0-9a-f]{8}$/;

/** `mcp-<container>-<secret>-v<version>-<random>`: one run's copy; a second run of the same version gets its own. */
function podmanSecretName(container: string, mount: Pick<SecretMount, 'secret' | 'version'>, nonce: string): string {
  return `${PODMAN_SECRET_PREFIX}${container}-${mount.secret}-v${mount.version}-${nonce}`;
}

/** The `--secret` flags: env as `type=env,target=VAR`; files as `type=mount,target=/path,mode=0400`. */
function secretRunArgs(mounts: readonly SecretMount[], nameOf: (m: SecretMount) => string): string[] {
  return mounts.map((m) => (m.kind === 'env' ? `--secret=${nameOf(m)},type=env,target=${m.target}` : `--secret=${nameOf(m)},type=mount,target=${m.target},mode=0400`));
}

/** The MCP podman secrets a create command's `--secret=<name>,...` flags name. */
function secretsOfCreateCommand(words: readonly string[]): string[] {
  const names = words.flatMap((arg) => (arg.startsWith('--secret=') ? [arg.slice('--secret='.length).split(',')[0]!] : []));
  return [...new Set(names.filter((n) => n.startsWith(PODMAN_SECRET_PREFIX)))];
}

function mkfifo(path: string): Promise<void> {
  return new Promise((resolve, reject) => execFile('mkfifo', ['-m', '600', '--', path], (e) => (e ? reject(new Error(`mkfifo: ${e.message}`)) : resolve())));
}

/** Writes all of `value` to a non-blocking pipe, waiting while its buffer is full (podman drains it). */
async function writeAll(writer: FileHandle, value: Uint8Array): Promise<void> {
  for (let at = 0; at < value.length; ) {
    try {
      at += (await writer.write(value, at, value.length - at)).bytesWritten;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/**
 * `podman secret create -- <name> -` with the value on podman's stdin.
 * podman 4.3 takes `-` only from a FIFO, and Node's stdio pipes are
 * socketpairs, so stdin is `fifo` (made once per run, in its 0700
 * directory): both ends are open before podman starts, the value passes
 * through the kernel's pipe buffer, and no file ever holds it.
 */
async function createFromStdin(cli: PodmanCli, name: string, value: Uint8Array, fifo: string): Promise<Outcome> {
  const reader = await open(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  let writer: FileHandle | undefined;
  try {
    writer = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    const created = cli.runWithStdin(['secret', 'create', '--', name, '-'], reader.fd);
    await reader.close();
    // A write that fails (podman gone early) is reported as podman's own failure when it has one.
    const wrote = await writeAll(writer, value).then(() => undefined, (e: unknown) => e as Error);
    await writer.close();
    writer = undefined;
    const out = await created;
    if (wrote !== undefined && out.ok) throw wrote;
    return out;
  } finally {
    await writer?.close();
    await reader.close().catch(() => undefined);
  }
}

/**
 * The podman secrets of each container: created before its run,
 * removed after its `rm` (podman reads them again at every start, so they
 * must live as long as the container). Which container holds which is
 * remembered from the run; for a container made before the agent started it
 * is read back from `podman container inspect` (the `--secret=` flags of its
 * create command: names only, never a value).
 */
export class PodmanSecrets {
  private readonly held = new Map<string, readonly string[]>();

  constructor(private readonly cli: PodmanCli) {}

  /** Makes the podman secrets for one run and returns the names made (to drop on failure) and the run flags. */
  async create(container: string, mounts: readonly SecretMount[]): Promise<{ names: string[]; args: string[] }> {
    this.held.delete(container);
    if (mounts.length === 0) {
      this.held.set(container, []);
      return { names: [], args: [] };
    }
    const nonce = randomBytes(4).toString('hex');
    const byVersion = new Map<string, SecretMount>();
    for (const m of mounts) byVersion.set(podmanSecretName(container, m, nonce), m);
    const names: string[] = [];
    const dir = await mkdtemp(join(VALUE_ROOT, valueDirPrefix(VALUE_DIR_PREFIX)));
    try {
      // One FIFO for the run: each value is written and read to its end before the next opens it again.
      const fifo = join(dir, 'stdin');
      await mkfifo(fifo);
      for (const [name, m] of byVersion) {
        const out = await createFromStdin(this.cli, name, m.value, fifo);
        if (!out.ok) throw new Error(`podman secret create ${name}: ${out.stderr.trim() || 'failed'}`);
        names.push(name);
      }
    } catch (e) {
      await this.drop(names);
      throw e;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return { names, args: secretRunArgs(mounts, (m) => podmanSecretName(container, m, nonce)) };
  }

  /** After a successful run. */
  ran(container: string, names: readonly string[]): void {
    this.held.set(container, names);
  }

  renamed(from: string, to: string): void {
    const names = this.held.get(from);
    this.held.delete(from);
    if (names !== undefined) this.held.set(to, names);
  }

  /** The names to drop once `container` is removed. */
  async of(container: string): Promise<readonly string[]> {
    const known = this.held.get(container);
    if (known !== undefined) return known;
    const out = await this.cli.run(['container', 'inspect', `--format=${CREATE_COMMAND_FORMAT}`, '--', container]);
    return out.ok ? secretsOfCreateCommand(out.stdout.split(/\s+/)) : [];
  }

  /** of(), when the caller already read the container's create command (empty: the container is absent). */
  ofCreated(container: string, createCommand: readonly string[]): readonly string[] {
    return this.held.get(container) ?? secretsOfCreateCommand(createCommand);
  }

  /**
   * At agent start: the podman secrets of `services`' containers that no
   * container's create command names any more, left by an agent killed
   * between `secret create` and `run`, or by a `secret rm` that failed after
   * a removal. podman keeps their values on disk; nothing would ever remove
   * them. Only names of MCP's own shape, for this agent's services; when the
   * containers cannot be read, nothing is removed. Never throws.
   */
  async sweepUnused(services: readonly string[], containerIds: ReadonlySet<string>): Promise<string[]> {
    try {
      const listed = await this.must(['secret', 'ls', '--format={{.Name}}'], 'list secrets');
      const ours = listed
        .split('\n')
        .filter((n) => OWN_SECRET_NAME.test(n) && services.some((s) => n.startsWith(`${PODMAN_SECRET_PREFIX}${s}-`)));
      if (ours.length === 0) return [];
      const used = new Set<string>();
      if (containerIds.size > 0) {
        const created = await this.must(['container', 'inspect', `--format=${CREATE_COMMAND_FORMAT}`, '--', ...containerIds], 'inspect containers');
        for (const name of secretsOfCreateCommand(created.split(/\s+/))) used.add(name);
      }
      const unused = ours.filter((n) => !used.has(n));
      if (unused.length === 0) return [];
      await this.must(['secret', 'rm', '--', ...unused], 'remove secrets');
      return unused.map((n) => `${n}: removed a podman secret no container uses (an agent killed between its create and its container's run, or a failed removal)`);
    } catch (e) {
      return [`(no look for podman secrets left behind: ${(e as Error).message})`];
    }
  }

  private async must(args: readonly string[], what: string): Promise<string> {
    const out = await this.cli.run(args);
    if (!out.ok) throw new Error(`${what}: ${out.stderr.trim() || 'podman failed'}`);
    return out.stdout;
  }

  /** Best effort: a secret left behind holds a value podman already keeps on disk; it never blocks a deploy. */
  async drop(names: readonly string[], container?: string): Promise<void> {
    if (container !== undefined) this.held.delete(container);
    if (names.length > 0) await this.cli.run(['secret', 'rm', '--', ...names]);
  }
}
