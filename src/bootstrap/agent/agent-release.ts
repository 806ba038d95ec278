import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The agent's release: the version in the package.json beside dist/ (the
 * repository's, or /opt/mcp's, which install-agent.sh copies with the
 * program). The dashboard's nodes page shows it; a tree without one says so
 * instead of failing the agent's start.
 */
export function agentRelease(packageJson = join(__dirname, '..', '..', '..', '..', 'package.json')): string {
  try {
    const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' && version !== '' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
