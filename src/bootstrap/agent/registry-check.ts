import type { AgentConfig } from '../../adapters/config/toml/config.types';
import { fileExists } from '../../adapters/registry/typeorm/sqlite-file';
import { findCorruption, newestSnapshot } from '../../adapters/registry/typeorm/sqlite-integrity';
import { registryFailure } from '../../adapters/registry/typeorm/registry-errors';
import { DomainError, ErrorCode } from '../../domain/errors/domain-error';

/**
 * `PRAGMA quick_check` before the agent opens its registry: serving on a
 * corrupt file would only answer INTERNAL to every call. The refusal is one
 * line naming the file and the exact restore command. A missing file is a
 * fresh node, not a problem.
 */
export async function assertRegistryIntact(config: AgentConfig): Promise<void> {
  const dbPath = config.database.path;
  if (!(await fileExists(dbPath))) return;
  const problem = await findCorruption(dbPath, 'quick_check', 'read-write').catch((e: unknown) => {
    throw registryFailure(dbPath, 'check', e);
  });
  if (problem === undefined) return;
  const newest = await newestSnapshot(config.agent.backupDir);
  const restore = newest
    ? `restore the newest snapshot: mcp-agent restore --config ${config.path} ${newest}`
    : `restore a snapshot: mcp-agent restore --config ${config.path} <snapshot-file> (none in ${config.agent.backupDir})`;
  throw new DomainError(ErrorCode.RegistryCorrupt, `registry ${dbPath} is corrupt (${problem}); not starting: ${restore}`);
}
