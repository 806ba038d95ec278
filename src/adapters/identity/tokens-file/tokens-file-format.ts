import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';

/** One line of the tokens file: the SHA-256 of a token and whom it stands for. */
export interface TokenEntry {
  readonly hash: Buffer;
  readonly username: string;
  readonly roles: readonly string[];
}

const HASH_FIELD = /^sha256:([0-9a-fA-F]{64})$/;
const USERNAME = /^[^\s\p{Cc}]+$/u;
const ROLE = /^[a-z0-9-]+$/;
const LINE_SHAPE = '"sha256:<64 hex digits> <username> <role,role>"';

export function isValidUsername(value: string): boolean {
  return USERNAME.test(value);
}

export function isValidRole(value: string): boolean {
  return ROLE.test(value);
}

/** Parses the whole file; any bad line is an error naming the file and the line, never skipped. */
export function parseTokensFile(text: string, file: string): TokenEntry[] {
  const entries: TokenEntry[] = [];
  const seen = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const bad = (why: string) => new DomainError(ErrorCode.ConfigInvalid, `tokens file ${file} line ${lineNo}: ${why}`);
    const fields = line.split(/\s+/);
    if (fields.length < 2 || fields.length > 3) throw bad(`expected ${LINE_SHAPE}, found ${fields.length} field(s)`);
    const [hashField, username, rolesField] = fields as [string, string, string | undefined];
    const hex = HASH_FIELD.exec(hashField)?.[1]?.toLowerCase();
    if (!hex) throw bad(`the first field must be sha256:<64 hex digits> (the hash of the token, never the token itself)`);
    if (!isValidUsername(username)) throw bad(`invalid username ${JSON.stringify(username)}`);
    const roles = rolesField === undefined ? [] : rolesField.split(',');
    const badRole = roles.find((r) => !isValidRole(r));
    if (badRole !== undefined) throw bad(`invalid role ${JSON.stringify(badRole)}: roles are [a-z0-9-]+ separated by commas`);
    const earlier = seen.get(hex);
    if (earlier !== undefined) throw bad(`the same token hash is already on line ${earlier}`);
    seen.set(hex, lineNo);
    entries.push({ hash: Buffer.from(hex, 'hex'), username, roles });
  });
  return entries;
}

export function formatTokenLine(hashHex: string, username: string, roles: readonly string[]): string {
  return roles.length > 0 ? `sha256:${hashHex} ${username} ${roles.join(',')}` : `sha256:${hashHex} ${username}`;
}
