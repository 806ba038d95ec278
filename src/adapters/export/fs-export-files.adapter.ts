import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { ExportFiles } from '../../application/operator/ports/service-exporter.port';
import { DomainError, ErrorCode, messageOf } from '../../domain/errors/domain-error';
import { FsLocalFiles } from '../cli/local/fs-local-files.adapter';

/** Exported files: 0600 (env values are often secrets), each whole through a temp file and a rename. */
export class FsExportFiles implements ExportFiles {
  private readonly local = new FsLocalFiles();

  pathIn(dir: string, name: string): string {
    return join(dir, name);
  }

  async ensureDir(dir: string): Promise<void> {
    try {
      await fsp.mkdir(dir, { recursive: true, mode: 0o755 });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new DomainError(code === 'EEXIST' || code === 'ENOTDIR' ? ErrorCode.InvalidPath : ErrorCode.Internal, `cannot make directory ${dir}: ${code ?? messageOf(e)}`);
    }
  }

  async write(files: ReadonlyArray<{ path: string; content: string }>): Promise<void> {
    for (const file of files) await this.local.write(file.path, { content: Buffer.from(file.content), mode: 0o600 });
  }
}
