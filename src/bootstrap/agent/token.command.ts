import type { AgentConfig } from '../../adapters/config/toml/config.types';
import { TokensFileProvider } from '../../adapters/identity/tokens-file/tokens-file-provider';
import { DomainError, ErrorCode } from '../../domain/errors/domain-error';

/** Prints a fresh token once; only its hash is kept, in [auth] tokens_file. */
export async function runTokenIssue(config: AgentConfig, user: string, roles: readonly string[]): Promise<void> {
  if (config.identity.kind !== 'tokens-file') {
    throw new DomainError(ErrorCode.ConfigInvalid, `${config.path}: auth.tokens_file: not set; tokens are issued by MCIAS on this node`);
  }
  const token = await new TokensFileProvider({ path: config.identity.tokensFile }).issue(user, roles);
  process.stdout.write(`${token}\n`);
}
