import type { ServiceFileStore } from '../../src/application/agent/ports/file-store.port';
import type { StoredFile } from '../../src/application/shared/results/stored-file';
import { DomainError, ErrorCode } from '../../src/domain/errors/domain-error';

export class MemoryFileStore implements ServiceFileStore {
  readonly files = new Map<string, StoredFile>();
  async write(service: string, path: string, content: Uint8Array, mode: number): Promise<string> {
    this.files.set(`${service}/${path}`, { content: Uint8Array.from(content), mode });
    return `/srv/${service}/${path}`;
  }
  async read(service: string, path: string): Promise<StoredFile> {
    const f = this.files.get(`${service}/${path}`);
    if (!f) throw new DomainError(ErrorCode.FileNotFound, `no file ${path} for service ${service}`);
    return f;
  }
}
