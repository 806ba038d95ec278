import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { constants, promises as fsp, type BigIntStats } from 'node:fs';
import { dirname } from 'node:path';
import type { TokenIssuer, TokenValidator } from '../../../application/shared/ports/identity.port';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import type { Identity } from '../../../domain/identity/identity';
import { formatTokenLine, isValidRole, isValidUsername, parseTokensFile, type TokenEntry } from './tokens-file-format';

export interface TokensFileOptions {
  /** `[auth] tokens_file`. */
  readonly path: string;
}

interface Snapshot {
  readonly stamp: string;
  readonly entries: readonly TokenEntry[];
}

/**
 * Identity for a node without an identity service: a file of token hashes.
 * File problems (missing, readable by others, malformed) are CONFIG_INVALID
 * everywhere — at startup and on every later read — because the operator fixes
 * them by editing or chmod-ing the agent's file, not by retrying.
 *
 * The file is re-read whenever its stat stamp changes (one stat per
 * validation), so a token issued or revoked on a running agent takes effect
 * at once, and an edit that breaks the file fails closed instead of leaving
 * the old, possibly revoked, tokens working.
 */
export class TokensFileProvider implements TokenValidator, TokenIssuer {
  private snapshot: Snapshot | undefined;

  constructor(private readonly options: TokensFileOptions) {}

  /** Reads and checks the file now, so a bad file stops the agent at startup. Returns how many tokens it holds. */
  async load(): Promise<number> {
    return (await this.current()).entries.length;
  }

  async validate(token: string): Promise<Identity | undefined> {
    const { entries } = await this.current();
    if (token.length === 0) return undefined;
    const presented = createHash('sha256').update(token, 'utf8').digest();
    // Look at every entry, whatever matches, so timing says nothing about the stored hashes.
    let found: TokenEntry | undefined;
    for (const entry of entries) {
      if (timingSafeEqual(entry.hash, presented) && !found) found = entry;
    }
    return found ? { username: found.username, roles: [...found.roles] } : undefined;
  }

  async issue(username: string, roles: readonly string[]): Promise<string> {
    if (!isValidUsername(username)) {
      throw new DomainError(ErrorCode.InvalidArgument, `invalid username ${JSON.stringify(username)}: it must be non-empty, without spaces`);
    }
    const badRole = roles.find((r) => !isValidRole(r));
    if (badRole !== undefined) {
      throw new DomainError(ErrorCode.InvalidArgument, `invalid role ${JSON.stringify(badRole)}: use lowercase letters, digits and '-'`);
    }
    const file = this.options.path;
    const token = randomBytes(32).toString('base64url');
    const hex = createHash('sha256').update(token, 'utf8').digest('hex');

    await fsp.mkdir(dirname(file), { recursive: true, mode: 0o700 }).catch((e: unknown) => {
      throw this.configError(`cannot create its directory: ${messageOf(e)}`);
    });
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    } catch (e) {
      throw this.configError(`cannot open it for writing: ${messageOf(e)}`);
    }
    try {
      const stat = await handle.stat({ bigint: true });
      this.checkStat(stat);
      const existing = await handle.readFile({ encoding: 'utf8' });
      // Never append to a file we would refuse to read back.
      parseTokensFile(existing, file);
      const sep = existing.length > 0 && !existing.endsWith('\n') ? '\n' : '';
      await handle.write(`${sep}${formatTokenLine(hex, username, roles)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.snapshot = undefined;
    return token;
  }

  private async current(): Promise<Snapshot> {
    const file = this.options.path;
    let stat: BigIntStats;
    try {
      stat = await fsp.stat(file, { bigint: true });
    } catch (e) {
      throw this.missingOrUnreadable(e);
    }
    if (this.snapshot && this.snapshot.stamp === stampOf(stat)) return this.snapshot;

    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (e) {
      throw this.missingOrUnreadable(e);
    }
    try {
      // Check the file actually opened, not whatever the path named a moment ago.
      const opened = await handle.stat({ bigint: true });
      this.checkStat(opened);
      const text = await handle.readFile({ encoding: 'utf8' });
      this.snapshot = { stamp: stampOf(opened), entries: parseTokensFile(text, file) };
      return this.snapshot;
    } finally {
      await handle.close();
    }
  }

  private checkStat(stat: BigIntStats): void {
    if (!stat.isFile()) throw this.configError('is not a regular file');
    const mode = Number(stat.mode) & 0o777;
    if (mode & 0o077) {
      throw this.configError(`is readable or writable by group/other (mode ${mode.toString(8).padStart(4, '0')}): run chmod 600 ${this.options.path}`);
    }
  }

  private missingOrUnreadable(e: unknown): DomainError {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') return this.configError('does not exist: make a token with `mcp-agent token issue --user <name> --role admin`');
    if (code === 'ELOOP') return this.configError('is a symlink: point [auth] tokens_file at the file itself');
    return this.configError(`cannot be read: ${messageOf(e)}`);
  }

  private configError(why: string): DomainError {
    return new DomainError(ErrorCode.ConfigInvalid, `tokens file ${this.options.path} ${why}`);
  }
}

function stampOf(s: BigIntStats): string {
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.mode}`;
}
