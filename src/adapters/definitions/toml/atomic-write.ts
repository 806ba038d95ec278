import { closeSync, fchmodSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DomainError, type ErrorCode, messageOf } from '../../../domain/errors/domain-error';

/**
 * Replaces `path` with `text` so a reader sees the old file or the new one,
 * never half of either: write a temp file in the same directory (same file
 * system, so rename is atomic), fsync, rename. The file keeps its mode;
 * a new file gets `newMode`. A symlink (a definition kept in a dotfiles
 * repository) stays a symlink: the file it points to is replaced.
 */
export function writeFileAtomic(link: string, text: string, code: ErrorCode, newMode = 0o644): void {
  let mode = newMode;
  let path = link;
  try {
    path = realpathSync(link);
    mode = statSync(path).mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new DomainError(code, `${link}: cannot stat: ${messageOf(e)}`);
  }
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode);
    // open() applies the umask; the file must end up with exactly the old mode.
    fchmodSync(fd, mode);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // The temp file may never have been created; nothing else to undo.
    }
    throw new DomainError(code, `${path}: cannot write: ${(e as NodeJS.ErrnoException).code ?? messageOf(e)}`);
  }
}
