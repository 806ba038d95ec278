import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteRegistry } from '../../src/adapters/registry/typeorm/sqlite-registry.factory';
import { registryContract } from './registry.contract';

registryContract('TypeormRegistry on a SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-registry-'));
  const opened = await openSqliteRegistry(join(dir, 'nested', 'mcp.db'));
  return {
    registry: opened.registry,
    async close() {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
