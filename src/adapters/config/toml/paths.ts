import { homedir } from 'node:os';
import { join } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

export function homeOf(env: Env): string {
  return env['HOME'] !== undefined && env['HOME'] !== '' ? env['HOME'] : homedir();
}

/** `~` and `~/x` become the user's home (from HOME, as a shell would); `~user` is left alone. */
export function expandHome(path: string, env: Env): string {
  if (path === '~') return homeOf(env);
  if (path.startsWith('~/')) return join(homeOf(env), path.slice(2));
  return path;
}

export const DEFAULT_CLI_CONFIG = '~/.config/mcp/mcp.toml';
export const DEFAULT_AGENT_CONFIG = '/srv/mcp/mcp-agent.toml';
