import type { AgentConfig } from '../../adapters/config/toml/config.types';
import { type RevokeSelector, type TokenListing, TokensFileProvider } from '../../adapters/identity/tokens-file/tokens-file-provider';
import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { quoted } from '../../domain/errors/quoted';

function tokensFile(config: AgentConfig): TokensFileProvider {
  if (config.identity.kind !== 'tokens-file') {
    throw new DomainError(ErrorCode.ConfigInvalid, `${config.path}: auth.tokens_file: not set; tokens are issued by MCIAS on this node`);
  }
  return new TokensFileProvider({ path: config.identity.tokensFile });
}

/**
 * `'a, web-*'` → ['a', 'web-*']; absent: undefined, every service. Given but
 * naming nothing (`''`, `','`, `' , '`: an empty `--services "$SCOPE"`) is
 * refused: read as "every service" it would widen the token by a typo.
 */
export function servicesOption(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const globs = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (globs.length === 0) {
    throw new DomainError(ErrorCode.InvalidArgument, `--services ${quoted(value)} names no service: leave --services out for a token valid for every service, or give globs (e.g. 'web-*')`);
  }
  return globs;
}

/** Prints a fresh token once; only its hash is kept, in [auth] tokens_file. */
export async function runTokenIssue(config: AgentConfig, user: string, roles: readonly string[], services?: readonly string[]): Promise<void> {
  const token = await tokensFile(config).issue(user, roles, services);
  process.stdout.write(`${token}\n`);
}

function listingLines(tokens: readonly TokenListing[]): string {
  const rows = [['USER', 'ROLE', 'SERVICES', 'HASH'], ...tokens.map((t) => [t.user, t.roles.join(',') || '-', t.services.length === 0 ? '*' : t.services.join(','), `sha256:${t.hashPrefix}`])];
  const widths = rows[0]!.map((_c, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

/** Who holds a token and what it may do; never a token, only the start of its hash. */
export async function runTokenList(config: AgentConfig, json: boolean): Promise<void> {
  const tokens = await tokensFile(config).list();
  process.stdout.write(json ? `${JSON.stringify({ tokens }, null, 2)}\n` : listingLines(tokens));
}

/** Removes the tokens of a user, or the one with that hash; a running agent refuses them on their next call. */
export async function runTokenRevoke(config: AgentConfig, selector: RevokeSelector): Promise<void> {
  const removed = await tokensFile(config).revoke(selector);
  process.stdout.write(`revoked ${removed.length} token(s):\n${listingLines(removed)}`);
}
