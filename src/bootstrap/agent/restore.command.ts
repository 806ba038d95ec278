import type { AgentConfig } from '../../adapters/config/toml/config.types';
import { SystemClock } from '../../adapters/clock/system/system-clock';
import { restoreDatabase } from '../../adapters/registry/typeorm/sqlite-restore';

/** Installs a checked snapshot as the registry; prints what moved where. */
export async function runRestore(config: AgentConfig, snapshot: string, force: boolean): Promise<void> {
  const r = await restoreDatabase({ snapshot, dbPath: config.database.path, force }, new SystemClock());
  const lines = [
    ...(r.problem !== undefined ? [`the registry was corrupt: ${r.problem}`] : []),
    ...(r.movedAside.length > 0 ? [`moved aside: ${r.movedAside[0]}${r.movedAside.length > 1 ? ` (with its ${r.movedAside.slice(1).map((p) => p.slice(r.movedAside[0]!.length)).join(', ')})` : ''}`] : []),
    `restored ${r.dbPath} from ${r.snapshot}`,
    'next: start the agent, then `mcp sync` and `mcp status` from a workstation',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
