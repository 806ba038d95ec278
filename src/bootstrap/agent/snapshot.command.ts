import type { AgentConfig } from '../../adapters/config/toml/config.types';
import { SystemClock } from '../../adapters/clock/system/system-clock';
import { snapshotDatabase } from '../../adapters/registry/typeorm/sqlite-snapshot';

/** `VACUUM INTO <backup_dir>/mcp-<UTC>.db`; prints the path written. */
export async function runSnapshot(config: AgentConfig): Promise<void> {
  const path = await snapshotDatabase(config.database.path, config.agent.backupDir, new SystemClock());
  process.stdout.write(`${path}\n`);
}
