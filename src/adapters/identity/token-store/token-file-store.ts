import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import { writeFileAtomic } from '../../support/fs/atomic-write';

/**
 * The CLI's saved bearer token (`[auth] token_path`). Written 0600 through a
 * temp file and a rename, so a crash never leaves half a token and a file that
 * was once too open ends up 0600 again.
 */
export async function saveToken(path: string, token: string): Promise<void> {
  const value = token.trim();
  if (value.length === 0 || !/^[\x21-\x7e]+$/.test(value)) {
    throw new DomainError(ErrorCode.InvalidArgument, 'refusing to save the token: it is empty or contains spaces or control characters');
  }
  const dir = dirname(path);
  try {
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new DomainError(ErrorCode.ConfigInvalid, `cannot create ${dir} for the token (check [auth] token_path): ${messageOf(e)}`);
  }
  try {
    // Exactly 0600 whatever the umask: this is a credential.
    await writeFileAtomic(path, `${value}\n`, { mode: 0o600 });
  } catch (e) {
    throw new DomainError(ErrorCode.ConfigInvalid, `cannot save the token to ${path} (check [auth] token_path): ${messageOf(e)}`);
  }
}

/** The saved token, trimmed; UNAUTHENTICATED (with what to do) when there is none. */
export async function loadToken(path: string): Promise<string> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new DomainError(ErrorCode.Unauthenticated, `no token at ${path}: run \`mcp login\``);
    throw new DomainError(ErrorCode.Unauthenticated, `cannot read the token at ${path}: ${messageOf(e)}`);
  }
  const token = text.trim();
  if (token.length === 0) throw new DomainError(ErrorCode.Unauthenticated, `no token at ${path} (the file is empty): run \`mcp login\``);
  return token;
}
