import { DomainError, ErrorCode } from '../errors/domain-error';
import { quoted } from '../errors/quoted';

/**
 * Service and component names end up in container names, podman arguments
 * and file paths. The pattern makes it impossible for a name to become a
 * flag (no leading '-') or a path component ('.', '/', '..').
 */
const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$/;

export type NameKind = 'service' | 'component' | 'node' | 'secret';

export function isValidName(value: unknown): value is string {
  return typeof value === 'string' && NAME_PATTERN.test(value);
}

/** Throws INVALID_NAME naming what was wrong; `where` prefixes the message (a file, a field). */
export function assertValidName(kind: NameKind, value: unknown, where?: string): string {
  if (isValidName(value)) return value;
  const shown = typeof value === 'string' ? quoted(value) : String(value);
  const prefix = where ? `${where}: ` : '';
  throw new DomainError(
    ErrorCode.InvalidName,
    `${prefix}invalid ${kind} name ${shown}: use 1-48 lowercase letters, digits and '-', starting and ending with a letter or digit`,
  );
}
