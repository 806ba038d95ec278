import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { assertServiceFilePath } from '../../domain/files/service-file-path';
import { assertValidName } from '../../domain/names/name.value';
import type { AgentSettings } from './ports/agent-settings.port';
import type { ServiceFileStore } from './ports/file-store.port';

export const DEFAULT_FILE_MODE = 0o644;

export interface PushFileInput {
  readonly service: string;
  readonly path: string;
  readonly content: Uint8Array;
  /** 0 or absent means 0644. */
  readonly mode?: number;
}

/** Writes a file under the service's directory on the node, atomically. */
export class PushFileUseCase {
  constructor(private readonly files: ServiceFileStore, private readonly settings: Pick<AgentSettings, 'maxFileSize'>) {}

  async execute(input: PushFileInput): Promise<{ path: string; size: number }> {
    const service = assertValidName('service', input.service);
    const path = assertServiceFilePath(input.path);
    if (input.content.byteLength > this.settings.maxFileSize) {
      throw new DomainError(ErrorCode.FileTooLarge, `file ${path} is ${input.content.byteLength} bytes, over the limit of ${this.settings.maxFileSize}`);
    }
    const mode = input.mode ? input.mode & 0o7777 : DEFAULT_FILE_MODE;
    const written = await this.files.write(service, path, input.content, mode);
    return { path: written, size: input.content.byteLength };
  }
}
