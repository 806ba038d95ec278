import { assertServiceFilePath } from '../../domain/files/service-file-path';
import { assertValidName } from '../../domain/names/name.value';
import type { ServiceFileStore } from './ports/file-store.port';
import type { StoredFile } from '../shared/results/stored-file';

/** Reads a file from under the service's directory on the node. */
export class PullFileUseCase {
  constructor(private readonly files: ServiceFileStore) {}

  async execute(input: { service: string; path: string }): Promise<StoredFile> {
    return this.files.read(assertValidName('service', input.service), assertServiceFilePath(input.path));
  }
}
