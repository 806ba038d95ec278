import { constants, promises as fsp, type Stats } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { ServiceFileStore } from '../../../application/agent/ports/file-store.port';
import type { StoredFile } from '../../../application/shared/results/stored-file';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import { assertServiceFilePath } from '../../../domain/files/service-file-path';
import { assertValidName } from '../../../domain/names/name.value';
import { writeFileAtomic } from '../../support/fs/atomic-write';

export interface FsServiceFileStoreOptions {
  /** `[agent] services_root`: files live under `<servicesRoot>/<service>/`. */
  readonly servicesRoot: string;
  /** `[agent] max_file_size` in bytes. */
  readonly maxFileSize?: number;
}

export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;
export const DEFAULT_FILE_MODE = 0o644;
const DIR_MODE = 0o755;

type Purpose = 'write' | 'read';

/**
 * PushFile/PullFile on the local disk. The domain already refused absolute
 * paths, `..` and NUL; this adapter owns the other half: nothing may resolve
 * outside `<root>/<service>`, however the directories under it are linked
 * (a container that mounts its service directory can plant symlinks there).
 */
export class FsServiceFileStore implements ServiceFileStore {
  private readonly root: string;
  private readonly maxFileSize: number;

  constructor(options: FsServiceFileStoreOptions) {
    this.root = resolve(options.servicesRoot);
    this.maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  }

  async write(service: string, path: string, content: Uint8Array, mode: number): Promise<string> {
    assertValidName('service', service);
    const rel = assertServiceFilePath(path);
    const fileMode = normaliseMode(mode, rel);
    if (content.byteLength > this.maxFileSize) throw this.tooLarge(rel, content.byteLength);
    try {
      return await this.writeChecked(service, rel, content, fileMode);
    } catch (e) {
      throw this.mapError(e, rel, 'write');
    }
  }

  async read(service: string, path: string): Promise<StoredFile> {
    assertValidName('service', service);
    const rel = assertServiceFilePath(path);
    try {
      return await this.readChecked(service, rel);
    } catch (e) {
      throw this.mapError(e, rel, 'read');
    }
  }

  private async writeChecked(service: string, rel: string, content: Uint8Array, fileMode: number): Promise<string> {

    const serviceDir = await this.serviceDir(service, rel, 'write');
    const segments = rel.split('/');
    const name = segments.pop()!;
    const parent = await this.walk(serviceDir, segments, rel, 'write');
    const target = join(parent, name);
    await this.checkTarget(target, rel, 'write');

    await writeFileAtomic(target, content, {
      mode: fileMode,
      flags: constants.O_NOFOLLOW,
      opened: (handle) => this.assertOpenedInside(handle, serviceDir, rel),
      // The directories may have changed while we wrote.
      beforeRename: async () => {
        await this.walk(serviceDir, segments, rel, 'read');
        await this.checkTarget(target, rel, 'write');
      },
    });
    return join(this.root, service, rel);
  }

  private async readChecked(service: string, rel: string): Promise<StoredFile> {
    const serviceDir = await this.serviceDir(service, rel, 'read');
    const segments = rel.split('/');
    const name = segments.pop()!;
    const parent = await this.walk(serviceDir, segments, rel, 'read');
    const target = join(parent, name);
    await this.checkTarget(target, rel, 'read');
    // O_NONBLOCK: a FIFO swapped in after the check must not hang the RPC.
    const handle = await fsp.open(target, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      await this.assertOpenedInside(handle, serviceDir, rel);
      const stat = await handle.stat();
      if (!stat.isFile()) throw this.invalid(rel, 'is not a regular file');
      if (stat.size > this.maxFileSize) throw this.tooLarge(rel, stat.size);
      const content = await handle.readFile();
      if (content.byteLength > this.maxFileSize) throw this.tooLarge(rel, content.byteLength);
      return { content: new Uint8Array(content.buffer, content.byteOffset, content.byteLength), mode: stat.mode & 0o7777 };
    } finally {
      await handle.close();
    }
  }

  /** The real path of `<root>/<service>`, made on write; the service directory itself may not be a symlink. */
  private async serviceDir(service: string, rel: string, purpose: Purpose): Promise<string> {
    let rootReal: string;
    try {
      rootReal = await fsp.realpath(this.root);
    } catch (e) {
      throw new DomainError(ErrorCode.ConfigInvalid, `[agent] services_root ${this.root} is not usable: ${messageOf(e)}`);
    }
    const dir = join(rootReal, service);
    for (let attempt = 0; ; attempt++) {
      const stat = await lstatOrUndefined(dir);
      if (!stat) {
        if (purpose === 'read') throw this.notFound(service, rel);
        if (await mkdirFresh(dir)) return dir;
        if (attempt > 0) throw this.invalid(rel, `the service directory ${dir} keeps changing`);
        continue;
      }
      if (stat.isSymbolicLink()) {
        const to = await fsp.readlink(dir).catch(() => '?');
        throw this.invalid(rel, `the service directory ${dir} is a symlink (to ${to}); MCP only uses a real directory under services_root`);
      }
      if (!stat.isDirectory()) throw this.invalid(rel, `the service directory ${dir} is not a directory`);
      return dir;
    }
  }

  /**
   * Follows the directory segments from the service directory, making the
   * missing ones on write. A symlink is followed only if it lands inside the
   * service directory. Returns the real path of the last directory.
   */
  private async walk(serviceDir: string, segments: readonly string[], rel: string, purpose: Purpose): Promise<string> {
    let current = serviceDir;
    let races = 0;
    for (let i = 0; i < segments.length; i++) {
      const shown = segments.slice(0, i + 1).join('/');
      const next = join(current, segments[i]!);
      const stat = await lstatOrUndefined(next);
      if (!stat) {
        if (purpose === 'read') throw this.notFoundPath(rel);
        if (!(await mkdirFresh(next))) {
          if (++races > 3) throw this.invalid(rel, `${shown} keeps changing`);
          i--; // someone made it meanwhile: look at it again
          continue;
        }
        current = next;
        continue;
      }
      if (stat.isSymbolicLink()) {
        let real: string;
        try {
          real = await fsp.realpath(next);
        } catch {
          throw this.invalid(rel, `${shown} is a symlink to something that does not exist`);
        }
        if (!isInside(real, serviceDir)) throw this.invalid(rel, `${shown} is a symlink that resolves outside the service directory`);
        const target = await fsp.stat(real);
        if (!target.isDirectory()) throw this.invalid(rel, `${shown} is not a directory`);
        current = real;
        continue;
      }
      if (!stat.isDirectory()) throw this.invalid(rel, `${shown} is not a directory`);
      current = next;
    }
    return current;
  }

  private async checkTarget(target: string, rel: string, purpose: Purpose): Promise<void> {
    const stat = await lstatOrUndefined(target);
    if (!stat) {
      if (purpose === 'read') throw this.notFoundPath(rel);
      return;
    }
    if (stat.isSymbolicLink()) throw this.invalid(rel, 'is a symlink; MCP reads and writes only regular files');
    if (stat.isDirectory()) throw this.invalid(rel, 'is a directory');
    if (!stat.isFile()) throw this.invalid(rel, 'is not a regular file');
    if (purpose === 'read' && stat.size > this.maxFileSize) throw this.tooLarge(rel, stat.size);
  }

  /** Linux tells which file a descriptor really is: the last word on races with symlink swaps. */
  private async assertOpenedInside(handle: fsp.FileHandle, serviceDir: string, rel: string): Promise<void> {
    let opened: string;
    try {
      opened = await fsp.readlink(`/proc/self/fd/${handle.fd}`);
    } catch {
      return; // no /proc: the path checks above are all we have
    }
    if (!isInside(opened, serviceDir)) throw this.invalid(rel, 'resolves outside the service directory');
  }

  private mapError(e: unknown, rel: string, purpose: Purpose): DomainError {
    if (e instanceof DomainError) return e;
    const code = (e as { code?: string }).code;
    switch (code) {
      case 'ENOENT':
        return purpose === 'read' ? this.notFoundPath(rel) : this.invalid(rel, 'a directory on the way disappeared');
      case 'ELOOP':
        return this.invalid(rel, 'is a symlink; MCP reads and writes only regular files');
      case 'ENOTDIR':
        return this.invalid(rel, 'a component of the path is not a directory');
      case 'EISDIR':
        return this.invalid(rel, 'is a directory');
      case 'ENAMETOOLONG':
        return this.invalid(rel, 'a name is too long for the file system');
      default:
        return new DomainError(ErrorCode.Internal, `cannot ${purpose} ${rel} under ${this.root}: ${messageOf(e)}`);
    }
  }

  private invalid(rel: string, why: string): DomainError {
    return new DomainError(ErrorCode.InvalidPath, `invalid path ${JSON.stringify(rel)}: ${why}`);
  }

  private notFound(service: string, rel: string): DomainError {
    return new DomainError(ErrorCode.FileNotFound, `no file ${JSON.stringify(rel)} for service ${service}: ${join(this.root, service)} does not exist`);
  }

  private notFoundPath(rel: string): DomainError {
    return new DomainError(ErrorCode.FileNotFound, `no file ${JSON.stringify(rel)} in the service directory`);
  }

  private tooLarge(rel: string, size: number): DomainError {
    return new DomainError(ErrorCode.FileTooLarge, `${rel} is ${size} bytes, over the ${this.maxFileSize}-byte limit ([agent] max_file_size)`);
  }
}

/** 0 means "not given" (proto3's default); file-type bits from a stat are dropped. */
function normaliseMode(mode: number, rel: string): number {
  if (!Number.isInteger(mode) || mode < 0) {
    throw new DomainError(ErrorCode.InvalidArgument, `invalid mode ${String(mode)} for ${rel}: give permission bits such as 0644`);
  }
  return mode === 0 ? DEFAULT_FILE_MODE : mode & 0o7777;
}

function isInside(real: string, dir: string): boolean {
  return real === dir || real.startsWith(dir + sep);
}

async function lstatOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await fsp.lstat(p);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** True if we made it; false if it appeared meanwhile (the caller looks again). */
async function mkdirFresh(dir: string): Promise<boolean> {
  try {
    await fsp.mkdir(dir, { mode: DIR_MODE });
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST') return false;
    throw e;
  }
  await fsp.chmod(dir, DIR_MODE);
  return true;
}
