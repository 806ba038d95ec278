import { randomBytes } from 'node:crypto';
import { constants, type promises as fspTypes, promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** The exact mode of the file written: the umask does not apply. */
  readonly mode: number;
  /** More open(2) flags for the temp file, e.g. O_NOFOLLOW. */
  readonly flags?: number;
  /** Called with the open temp file before anything is written into it (e.g. to prove where it is). */
  readonly opened?: (handle: fspTypes.FileHandle) => Promise<void>;
  /** Called right before the rename (e.g. to check the directories again). */
  readonly beforeRename?: () => Promise<void>;
}

/**
 * The one way MCP replaces a file: a reader sees the old file or the whole
 * new one, never half of either, and a crash leaves one of the two on disk.
 * A temp file in the same directory (same file system, so rename is atomic),
 * created exclusively, fsynced, renamed over the target, then the directory
 * fsynced so the rename itself survives a power cut. Errors are thrown as
 * they come (each caller names its own file and error code); the temp file
 * never stays behind.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: AtomicWriteOptions): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fsp.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (options.flags ?? 0), options.mode);
    try {
      await options.opened?.(handle);
      await handle.chmod(options.mode);
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeRename?.();
    await fsp.rename(temp, path);
  } catch (e) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dir);
}

/**
 * Where a replacement must go and with which mode: a symlink (a definition
 * kept in a dotfiles repository) stays a symlink, so the file it points to
 * is replaced, keeping its mode; a new file gets `newMode`.
 */
export async function replacementTarget(link: string, newMode: number): Promise<{ path: string; mode: number }> {
  try {
    const path = await fsp.realpath(link);
    return { path, mode: (await fsp.stat(path)).mode & 0o7777 };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { path: link, mode: newMode };
    throw e;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Some file systems refuse fsync on a directory; the data is already safe, so that is not worth failing over.
  try {
    const handle = await fsp.open(dir, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
