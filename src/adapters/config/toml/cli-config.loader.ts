import { ErrorCode } from '../../../domain/errors/domain-error';
import { validatePlain } from '../../definitions/toml/class-validation';
import { CLI_ENV_KINDS, CLI_SECTIONS, CliConfigDto } from './cli-config.dto';
import { ConfigProblems, readConfigToml } from './config-source';
import { durationMs, hostPort, nodeName, nonEmpty, serverUrl } from './config-values';
import { type CliConfig, type NodeEntry } from './config.types';
import { applyEnvOverrides } from './env-overrides';
import { DEFAULT_CLI_CONFIG, type Env, expandHome } from './paths';
import { quoted } from '../../../domain/errors/quoted';

/** `--config`, else MCP_CONFIG, else ~/.config/mcp/mcp.toml; `~` expanded. */
export function cliConfigPath(path: string | undefined, env: Env = process.env): string {
  const chosen = path ?? (env['MCP_CONFIG'] !== undefined && env['MCP_CONFIG'] !== '' ? env['MCP_CONFIG'] : DEFAULT_CLI_CONFIG);
  return expandHome(chosen, env);
}

function nodesOf(dto: CliConfigDto, problems: ConfigProblems): NodeEntry[] {
  const seen = new Set<string>();
  return (dto.nodes ?? []).map((n, i) => {
    const name = nodeName(problems, `nodes[${i}].name`, n.name);
    if (seen.has(name)) throw problems.fail(`nodes[${i}].name`, `duplicate node ${quoted(name)}`);
    seen.add(name);
    return { name, address: hostPort(problems, `nodes[${i}].address`, n.address) };
  });
}

/** Past this, more sockets and TLS handshakes at once only slow each other down. */
const MAX_PARALLEL = 1024;

function cliSectionOf(dto: CliConfigDto, problems: ConfigProblems): CliConfig['cli'] {
  const parallel = dto.cli?.parallel ?? 32;
  if (parallel < 1 || parallel > MAX_PARALLEL) throw problems.fail('cli.parallel', `${parallel} must be between 1 and ${MAX_PARALLEL}`);
  return { nodeTimeoutMs: durationMs(problems, 'cli.node_timeout', dto.cli?.node_timeout, '5s', 'timer'), parallel };
}

/** Validates parsed TOML as the CLI config; `loadCliConfig` and the node editor share it. */
export function cliConfigFrom(raw: Record<string, unknown>, file: string, env: Env): CliConfig {
  const sources = applyEnvOverrides(raw, CLI_SECTIONS, CLI_ENV_KINDS, 'MCP_', env);
  const problems = new ConfigProblems(file, sources);
  let dto: CliConfigDto;
  try {
    dto = validatePlain(CliConfigDto, raw, file, ErrorCode.ConfigInvalid);
  } catch (e) {
    throw problems.annotate(e);
  }
  const path = (key: string, value: string) => expandHome(nonEmpty(problems, key, value), env);
  const optionalPath = (key: string, value: string | undefined) => (value === undefined ? undefined : path(key, value));
  const username = dto.auth?.username;
  const passwordFile = optionalPath('auth.password_file', dto.auth?.password_file);
  const caCert = optionalPath('tls.ca_cert', dto.tls?.ca_cert);
  const mciasCa = optionalPath('mcias.ca_cert', dto.mcias?.ca_cert);
  return {
    path: file,
    services: { dir: path('services.dir', dto.services?.dir ?? '~/.config/mcp/services') },
    auth: {
      tokenPath: path('auth.token_path', dto.auth?.token_path ?? '~/.config/mcp/token'),
      ...(username !== undefined ? { username: nonEmpty(problems, 'auth.username', username) } : {}),
      ...(passwordFile !== undefined ? { passwordFile } : {}),
    },
    ...(dto.mcias
      ? {
          mcias: {
            serverUrl: serverUrl(problems, 'mcias.server_url', dto.mcias.server_url),
            serviceName: nonEmpty(problems, 'mcias.service_name', dto.mcias.service_name ?? 'mcp'),
            ...(mciasCa !== undefined ? { caCert: mciasCa } : {}),
          },
        }
      : {}),
    tls: caCert !== undefined ? { caCert } : {},
    cli: cliSectionOf(dto, problems),
    nodes: nodesOf(dto, problems),
  };
}

/**
 * Loads the CLI config. Each value may be overridden by MCP_<SECTION>_<KEY>
 * (MCP_SERVICES_DIR, MCP_AUTH_TOKEN_PATH, MCP_TLS_CA_CERT, MCP_CLI_NODE_TIMEOUT, …); MCP_CONFIG
 * picks the file and is not an override. Problems are CONFIG_INVALID
 * naming the file and key.
 */
export function loadCliConfig(path?: string, env: Env = process.env): CliConfig {
  const file = cliConfigPath(path, env);
  return cliConfigFrom(readConfigToml(file), file, env);
}
