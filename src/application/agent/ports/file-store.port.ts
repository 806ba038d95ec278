import type { StoredFile } from '../../shared/results/stored-file';
import { token } from '../../shared/ports/token';
/**
 * Files under `<services_root>/<service>/`. Paths arrive already checked
 * lexically (assertServiceFilePath); the store refuses anything that
 * resolves outside the service directory (symlinks included) with INVALID_PATH,
 * a missing file with FILE_NOT_FOUND, oversize with FILE_TOO_LARGE.
 */
export interface ServiceFileStore {
  /** Atomic: a reader sees the old file or the whole new one. Returns the absolute path written. */
  write(service: string, path: string, content: Uint8Array, mode: number): Promise<string>;
  read(service: string, path: string): Promise<StoredFile>;
}
export const SERVICE_FILE_STORE = token<ServiceFileStore>('mcp.ServiceFileStore');
