import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { quoted } from '../../../domain/errors/quoted';
import { ROLES, isRole } from '../../../domain/identity/identity';
import { isValidServiceGlob } from '../../../domain/identity/service-scope';

/** One line of the tokens file: the SHA-256 of a token, whom it stands for, and what it may do. */
export interface TokenEntry {
  readonly hash: Buffer;
  readonly username: string;
  readonly roles: readonly string[];
  /** Globs of the services the token is limited to; empty: every service. */
  readonly services: readonly string[];
  /** 1-based line of the file. */
  readonly line: number;
}

const HASH_FIELD = /^sha256:([0-9a-fA-F]{64})$/;
const USERNAME = /^[^\s\p{Cc}]+$/u;
const LINE_SHAPE = '"sha256:<64 hex digits> <username> <role> [<glob>,<glob>...]"';
const ROLE_LIST = ROLES.join(', ');

export function isValidUsername(value: string): boolean {
  return USERNAME.test(value);
}

/** Why a comma-separated list of globs is not one, or undefined when it is. */
export function badGlobList(field: string): string | undefined {
  const globs = field.split(',');
  const bad = globs.find((g) => !isValidServiceGlob(g));
  if (bad === undefined) return undefined;
  return `invalid service glob ${quoted(bad)}: globs are 1-64 of a-z 0-9 - * ? separated by commas`;
}

/**
 * Parses the whole file; any bad line is an error naming the file and the
 * line, never skipped. v1 lines (`<hash> <user> [<role,role>]`) keep their
 * meaning; a fourth field limits the token to services.
 */
export function parseTokensFile(text: string, file: string): TokenEntry[] {
  const entries: TokenEntry[] = [];
  const seen = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const bad = (why: string) => new DomainError(ErrorCode.ConfigInvalid, `tokens file ${file} line ${lineNo}: ${why}`);
    const fields = line.split(/\s+/);
    if (fields.length < 2 || fields.length > 4) throw bad(`expected ${LINE_SHAPE}, found ${fields.length} field(s)`);
    const [hashField, username, rolesField, servicesField] = fields as [string, string, string | undefined, string | undefined];
    const hex = HASH_FIELD.exec(hashField)?.[1]?.toLowerCase();
    if (!hex) throw bad(`the first field must be sha256:<64 hex digits> (the hash of the token, never the token itself)`);
    if (!isValidUsername(username)) throw bad(`invalid username ${quoted(username)}`);
    const roles = rolesField === undefined ? [] : rolesField.split(',');
    const badRole = roles.find((r) => !isRole(r));
    if (badRole !== undefined) throw bad(`invalid role ${quoted(badRole)}: roles are ${ROLE_LIST} (separated by commas)`);
    const badGlobs = servicesField === undefined ? undefined : badGlobList(servicesField);
    if (badGlobs !== undefined) throw bad(badGlobs);
    const earlier = seen.get(hex);
    if (earlier !== undefined) throw bad(`the same token hash is already on line ${earlier}`);
    seen.set(hex, lineNo);
    entries.push({ hash: Buffer.from(hex, 'hex'), username, roles, services: servicesField === undefined ? [] : servicesField.split(','), line: lineNo });
  });
  return entries;
}

export function formatTokenLine(hashHex: string, username: string, roles: readonly string[], services: readonly string[] = []): string {
  const fields = [`sha256:${hashHex}`, username];
  if (roles.length > 0 || services.length > 0) fields.push(roles.join(','));
  if (services.length > 0) fields.push(services.join(','));
  return fields.join(' ');
}
