import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import { KEY_BYTES } from './secret-cipher';

export interface KeyFileOptions {
  /**
   * How many values the registry holds sealed with some key. A missing key
   * file is made only when none: otherwise it was lost, and a new key would
   * quietly orphan every one of them.
   */
  readonly sealedVersions?: () => Promise<number>;
}

/**
 * The key of `[agent] secret_key_file`: 32 random bytes as 64 hex digits.
 * Made 0600 (O_EXCL) on first use; a key file the group or others may read
 * is refused, since it opens every secret of every snapshot.
 */
export async function loadSecretKey(path: string, options: KeyFileOptions = {}): Promise<Buffer> {
  // One open file for the check and the read: a file swapped or chmod-ed in between is never the one read.
  const file = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new DomainError(ErrorCode.ConfigInvalid, `secret_key_file ${path}: ${messageOf(e)}`);
  });
  if (!file) {
    const sealed = (await options.sealedVersions?.()) ?? 0;
    if (sealed > 0) {
      throw new DomainError(
        ErrorCode.ConfigInvalid,
        `secret_key_file ${path} is missing, but the registry holds ${sealed} secret version(s) sealed with a key: put the key back from its backup (RUNBOOK.md "Secrets"); a new key would leave them unreadable`,
      );
    }
    return create(path);
  }
  let text: string;
  try {
    const { mode } = await file.stat();
    if ((mode & 0o077) !== 0) {
      throw new DomainError(ErrorCode.ConfigInvalid, `secret_key_file ${path} is readable by others (mode ${(mode & 0o777).toString(8)}): chmod 600 ${path}`);
    }
    text = (await file.readFile('utf8').catch((e: unknown) => {
      throw new DomainError(ErrorCode.ConfigInvalid, `secret_key_file ${path}: ${messageOf(e)}`);
    })).trim();
  } finally {
    await file.close();
  }
  if (!/^[0-9a-f]{64}$/.test(text)) throw new DomainError(ErrorCode.ConfigInvalid, `secret_key_file ${path}: expected 64 hex digits (a key made by mcp-agent)`);
  return Buffer.from(text, 'hex');
}

async function create(path: string): Promise<Buffer> {
  const key = randomBytes(KEY_BYTES);
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const file = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      await file.writeFile(`${key.toString('hex')}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (e) {
    // Two agents starting at once: the other one's key wins.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return loadSecretKey(path);
    throw new DomainError(ErrorCode.ConfigInvalid, `secret_key_file ${path}: cannot create it: ${messageOf(e)}`);
  }
  return key;
}
