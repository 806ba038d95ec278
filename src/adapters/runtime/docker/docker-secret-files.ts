import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerSpec } from '../../../domain/service/container-spec';

/** The container label naming its secret directory (a path, never a value), so `remove` finds it again. */
export const SECRET_DIR_LABEL = 'mcp.secret-dir';

/** tmpfs when the node has one: a value never reaches a disk through MCP. */
function defaultSecretRoot(): string {
  return join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'mcp-agent-secrets');
}

/**
 * The Docker Engine has no secrets outside swarm, so this runtime is the
 * weaker of the two (docs/ARCHITECTURE.md "Secrets"): env secrets are set in
 * the container's Env at create (as `docker inspect` shows them), file
 * secrets are 0400 files in a 0700 directory the agent owns, bind-mounted
 * read-only, removed with the container.
 */
export class DockerSecretFiles {
  constructor(private readonly root: string = defaultSecretRoot()) {}

  /** The spec as the engine gets it: env secrets in env, file secrets as read-only binds, the directory in a label. */
  async prepare(spec: ContainerSpec): Promise<ContainerSpec> {
    const mounts = spec.secrets ?? [];
    if (mounts.length === 0) return spec;
    const env = { ...spec.env };
    const binds: string[] = [];
    const files = mounts.filter((m) => m.kind === 'file');
    for (const m of mounts) if (m.kind === 'env') env[m.target] = Buffer.from(m.value).toString('utf8');
    let labels = spec.labels;
    if (files.length > 0) {
      await mkdir(this.root, { recursive: true, mode: 0o700 });
      await chmod(this.root, 0o700);
      const dir = join(this.root, `${spec.name}-${randomBytes(4).toString('hex')}`);
      await mkdir(dir, { mode: 0o700 });
      try {
        for (const [i, m] of files.entries()) {
          const file = join(dir, `${i}-${m.secret}-v${m.version}`);
          await writeFile(file, m.value, { mode: 0o400 });
          binds.push(`${file}:${m.target}:ro`);
        }
      } catch (e) {
        // No container will name this directory: the values written so far go now.
        await this.drop(dir);
        throw e;
      }
      labels = { ...labels, [SECRET_DIR_LABEL]: dir };
    }
    const { secrets: _values, ...rest } = spec;
    return { ...rest, env, labels, volumes: [...spec.volumes, ...binds] };
  }

  /**
   * At agent start: the directories of `services`' containers that no
   * container's label names any more (the container removed by hand, or an
   * agent killed between writing them and the create). Only names of this
   * class's shape under the root; never throws.
   */
  async sweepUnused(services: readonly string[], labelled: ReadonlySet<string>): Promise<string[]> {
    try {
      const entries = await readdir(this.root).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? [] : Promise.reject(e)));
      const unused = entries.filter(
        (n) => /^[a-z0-9.-]+-[0-9a-f]{8}$/.test(n) && services.some((s) => n.startsWith(`${s}-`)) && !labelled.has(join(this.root, n)),
      );
      for (const n of unused) await this.drop(join(this.root, n));
      return unused.map((n) => `${join(this.root, n)}: removed a secret directory no container names (its container removed by hand, or an agent killed before the create)`);
    } catch (e) {
      return [`(no look for secret directories left behind: ${(e as Error).message})`];
    }
  }

  /** After the container that used it is gone (or never came). Only a directory under the root is ever removed. */
  async drop(dir: string | undefined): Promise<void> {
    if (dir === undefined || !dir.startsWith(`${this.root}/`) || dir.includes('..')) return;
    await rm(dir, { recursive: true, force: true });
  }
}
