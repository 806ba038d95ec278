import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { constants, promises as fsp, type BigIntStats } from 'node:fs';
import { dirname } from 'node:path';
import type { TokenIssuer, TokenValidator } from '../../../application/shared/ports/identity.port';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import { type Identity, isRole } from '../../../domain/identity/identity';
import { writeFileAtomic } from '../../support/fs/atomic-write';
import { badGlobList, formatTokenLine, isValidUsername, parseTokensFile, type TokenEntry } from './tokens-file-format';

export interface TokensFileOptions {
  /** `[auth] tokens_file`. */
  readonly path: string;
}

interface Snapshot {
  readonly stamp: string;
  readonly entries: readonly TokenEntry[];
}

/** A token as `mcp-agent token list` shows it: never the token, only the start of its hash. */
export interface TokenListing {
  readonly user: string;
  readonly roles: readonly string[];
  readonly services: readonly string[];
  readonly hashPrefix: string;
}

/** Which tokens `mcp-agent token revoke` removes: all of a user's, or the one whose hash starts so. */
export type RevokeSelector = { readonly user: string } | { readonly hashPrefix: string };

/** Enough of a hash to name one token; shorter prefixes would match by accident. */
export const MIN_HASH_PREFIX = 8;
const SHOWN_HASH_PREFIX = 12;

/**
 * Identity for a node without an identity service: a file of token hashes.
 * File problems (missing, readable by others, malformed) are CONFIG_INVALID
 * everywhere — at startup and on every later read — because the operator fixes
 * them by editing or chmod-ing the agent's file, not by retrying.
 *
 * The file is re-read whenever its stat stamp changes (one stat per
 * validation), so a token issued or revoked on a running agent takes effect
 * at once, and an edit that breaks the file fails closed instead of leaving
 * the old, possibly revoked, tokens working. `generation()` exposes that
 * stamp so the validation cache in front drops its answers when it moves.
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
    if (!found) return undefined;
    return { username: found.username, roles: [...found.roles], ...(found.services.length > 0 ? { services: [...found.services] } : {}) };
  }

  /** The file's stat stamp (re-reading it when it moved): changes whenever a token is issued, revoked or edited. */
  async generation(): Promise<string> {
    return (await this.current()).stamp;
  }

  async list(): Promise<TokenListing[]> {
    return (await this.current()).entries.map(listingOf);
  }

  /**
   * Removes the matching lines and keeps every other line as it was
   * (comments too), replacing the file atomically. Returns what it removed.
   * Nothing matching, a hash prefix that names several tokens, or a file
   * that does not parse changes nothing.
   */
  async revoke(selector: RevokeSelector): Promise<TokenListing[]> {
    const file = this.options.path;
    const prefix = 'hashPrefix' in selector ? hashPrefixOf(selector.hashPrefix) : undefined;
    const { text, entries } = await this.read();
    const matches = entries.filter((e) => (prefix !== undefined ? e.hash.toString('hex').startsWith(prefix) : e.username === (selector as { user: string }).user));
    const what = prefix !== undefined ? `a hash starting ${prefix}` : `user ${JSON.stringify((selector as { user: string }).user)}`;
    if (matches.length === 0) throw new DomainError(ErrorCode.InvalidArgument, `no token of ${what} in ${file}`);
    if (prefix !== undefined && matches.length > 1) throw new DomainError(ErrorCode.InvalidArgument, `${matches.length} tokens have ${what}: give more digits`);
    const dropped = new Set(matches.map((m) => m.line));
    const kept = text.split('\n').filter((_line, i) => !dropped.has(i + 1));
    try {
      await writeFileAtomic(file, kept.join('\n'), { mode: 0o600 });
    } catch (e) {
      throw this.configError(`cannot be rewritten: ${messageOf(e)}`);
    }
    this.snapshot = undefined;
    return matches.map(listingOf);
  }

  /** `services` absent: every service; given, it must name at least one glob (an empty list is no scope, not "all"). */
  async issue(username: string, roles: readonly string[], services?: readonly string[]): Promise<string> {
    if (!isValidUsername(username)) {
      throw new DomainError(ErrorCode.InvalidArgument, `invalid username ${JSON.stringify(username)}: it must be non-empty, without spaces`);
    }
    const badRole = roles.find((r) => !isRole(r));
    if (badRole !== undefined) {
      throw new DomainError(ErrorCode.InvalidArgument, `invalid role ${JSON.stringify(badRole)}: use viewer, deployer or admin`);
    }
    if (services !== undefined) {
      if (services.length === 0) throw new DomainError(ErrorCode.InvalidArgument, '--services: an empty list names no service: leave it out for a token valid for every service');
      const badGlobs = badGlobList(services.join(','));
      if (badGlobs !== undefined) throw new DomainError(ErrorCode.InvalidArgument, `--services: ${badGlobs}`);
      if (roles.length === 0) throw new DomainError(ErrorCode.InvalidArgument, '--services needs a --role');
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
      await handle.write(`${sep}${formatTokenLine(hex, username, roles, services)}\n`);
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

    const { stamp, entries } = await this.read();
    this.snapshot = { stamp, entries };
    return this.snapshot;
  }

  /** The file as it is now, checked (a regular file, 0600) and parsed. */
  private async read(): Promise<Snapshot & { readonly text: string }> {
    const file = this.options.path;
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
      return { stamp: stampOf(opened), entries: parseTokensFile(text, file), text };
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

function listingOf(e: TokenEntry): TokenListing {
  return { user: e.username, roles: e.roles, services: e.services, hashPrefix: e.hash.toString('hex').slice(0, SHOWN_HASH_PREFIX) };
}

function hashPrefixOf(given: string): string {
  const prefix = given.toLowerCase().replace(/^sha256:/, '');
  if (!new RegExp(`^[0-9a-f]{${MIN_HASH_PREFIX},64}$`).test(prefix)) {
    // Not echoed: what was given may be the token itself, pasted where its hash belongs.
    throw new DomainError(ErrorCode.InvalidArgument, `--hash: give at least ${MIN_HASH_PREFIX} hex digits of the token's hash (see \`mcp-agent token list\`), not the token`);
  }
  return prefix;
}

function stampOf(s: BigIntStats): string {
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.mode}`;
}
