import { promises as fsp } from 'node:fs';
import type { LocalFile, LocalFiles } from '../../../application/operator/ports/operator.ports';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import { writeFileAtomic } from '../../support/fs/atomic-write';

export const MAX_LOCAL_FILE_BYTES = 64 * 1024 * 1024;

/** Local files for push/pull: reads keep the mode, writes go through a temp file and a rename. */
export class FsLocalFiles implements LocalFiles {
  constructor(private readonly maxBytes = MAX_LOCAL_FILE_BYTES) {}

  async read(path: string): Promise<LocalFile> {
    try {
      const stat = await fsp.stat(path);
      if (!stat.isFile()) throw new DomainError(ErrorCode.InvalidPath, `${path} is not a regular file`);
      if (stat.size > this.maxBytes) throw new DomainError(ErrorCode.FileTooLarge, `${path} is ${stat.size} bytes; the limit is ${this.maxBytes}`);
      return { content: await fsp.readFile(path), mode: stat.mode & 0o7777 };
    } catch (e) {
      if (e instanceof DomainError) throw e;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError(ErrorCode.FileNotFound, `${path}: no such file`);
      throw new DomainError(ErrorCode.FileNotFound, `cannot read ${path}: ${messageOf(e)}`);
    }
  }

  async write(path: string, file: LocalFile): Promise<void> {
    try {
      await writeFileAtomic(path, file.content, { mode: file.mode & 0o7777 });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new DomainError(code === 'ENOENT' ? ErrorCode.InvalidPath : ErrorCode.Internal, `cannot write ${path}: ${code ?? messageOf(e)}`);
    }
  }
}
