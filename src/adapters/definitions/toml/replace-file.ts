import { DomainError, type ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import { replacementTarget, writeFileAtomic } from '../../support/fs/atomic-write';

/** Replaces an operator's TOML file atomically, keeping its mode (and a symlink); failures name the file. */
export async function replaceTextFile(link: string, text: string, code: ErrorCode, newMode = 0o644): Promise<void> {
  let target: { path: string; mode: number };
  try {
    target = await replacementTarget(link, newMode);
  } catch (e) {
    throw new DomainError(code, `${link}: cannot stat: ${messageOf(e)}`);
  }
  try {
    await writeFileAtomic(target.path, text, { mode: target.mode });
  } catch (e) {
    throw new DomainError(code, `${target.path}: cannot write: ${(e as NodeJS.ErrnoException).code ?? messageOf(e)}`);
  }
}
