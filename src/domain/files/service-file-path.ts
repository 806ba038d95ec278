import { DomainError, ErrorCode } from '../errors/domain-error';

/**
 * The lexical half of keeping a file inside `<services_root>/<service>/`:
 * relative, no `..`, no NUL, no empty path. Symlinks are the file store's half.
 * Returns the path normalised to forward-slash segments.
 */
export function assertServiceFilePath(path: string): string {
  const reject = (why: string) => new DomainError(ErrorCode.InvalidPath, `invalid path ${JSON.stringify(path)}: ${why}`);
  if (typeof path !== 'string' || path.length === 0) throw reject('empty');
  if (path.includes('\0')) throw reject('contains NUL');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('\\')) throw reject('must be relative to the service directory');
  const segments = path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) throw reject("must not contain '..'");
  if (segments.length === 0) throw reject('names the service directory itself');
  if (path.length > 4096) throw reject('longer than 4096 characters');
  return segments.join('/');
}
