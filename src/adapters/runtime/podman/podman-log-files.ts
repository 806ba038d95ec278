import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PodmanCli } from './podman-cli';

/** Where podman keeps its containers: c/storage's graph root and driver, as `podman info` reports them. */
interface Store {
  readonly containersDir: string;
}

const ID = /^[0-9a-f]{64}$/;
const DRIVER = /^[a-z0-9]+$/;

/**
 * Finds the k8s-file log of a container by name without a podman process:
 * c/storage's `<driver>-containers/containers.json` (written whole by
 * rename, renamed along with the container) gives the ID, and libpod puts
 * the log at `<id>/userdata/ctr.log`. Anything else (the journald driver, a
 * `--log-opt path=`, another store layout) has no such file, and the caller
 * asks podman instead. The store's place is asked of podman once.
 */
export class PodmanLogFiles {
  private store: Promise<Store | undefined> | undefined;

  constructor(private readonly cli: PodmanCli) {}

  async fileOf(container: string): Promise<string | undefined> {
    const store = await this.storeOnce();
    if (store === undefined) return undefined;
    let entries: unknown;
    try {
      entries = JSON.parse(await readFile(join(store.containersDir, 'containers.json'), 'utf8'));
    } catch {
      return undefined;
    }
    if (!Array.isArray(entries)) return undefined;
    const entry = entries.find((e: unknown) => isEntry(e) && e.names.includes(container)) as { id: string } | undefined;
    return entry !== undefined && ID.test(entry.id) ? join(store.containersDir, entry.id, 'userdata', 'ctr.log') : undefined;
  }

  private storeOnce(): Promise<Store | undefined> {
    this.store ??= this.askStore().then((store) => {
      // A podman that could not answer (busy, restarting) is asked again next time.
      if (store === undefined) this.store = undefined;
      return store;
    });
    return this.store;
  }

  private async askStore(): Promise<Store | undefined> {
    const out = await this.cli.run(['info', '--format', '{{.Store.GraphRoot}}\t{{.Store.GraphDriverName}}'], 30_000);
    if (!out.ok) return undefined;
    const [root, driver] = out.stdout.trim().split('\t');
    if (root === undefined || !root.startsWith('/') || driver === undefined || !DRIVER.test(driver)) return undefined;
    return { containersDir: join(root, `${driver}-containers`) };
  }
}

function isEntry(e: unknown): e is { id: unknown; names: unknown[] } {
  return typeof e === 'object' && e !== null && Array.isArray((e as { names?: unknown }).names);
}
