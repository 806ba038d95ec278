import { dirname, join } from 'node:path';
import { type AgentSettings } from '../../../application/agent/ports/agent-settings.port';
import { ErrorCode } from '../../../domain/errors/domain-error';
import { showValue, validatePlain } from '../../definitions/toml/class-validation';
import { AGENT_ENV_KINDS, AGENT_REQUIRED_SECTIONS, AGENT_SECTIONS, AgentConfigDto } from './agent-config.dto';
import { parseByteSize, SIZE_HINT } from './byte-size';
import { ConfigProblems, readConfigToml } from './config-source';
import { durationMs, hostPort, isLoopbackAddress, nodeName, nonEmpty, serverUrl } from './config-values';
import { type AgentConfig, type AgentIdentityConfig, CONTAINER_RUNTIMES, type ContainerRuntimeKind, type LogLevel, type MetricsConfig } from './config.types';
import { applyEnvOverrides } from './env-overrides';
import { DEFAULT_AGENT_CONFIG, type Env, expandHome } from './paths';
import { quoted } from '../../../domain/errors/quoted';

export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

function identityOf(dto: AgentConfigDto, problems: ConfigProblems, env: Env): AgentIdentityConfig {
  if (dto.mcias && dto.auth) throw problems.fail('auth.tokens_file', 'set either [mcias] or [auth] tokens_file, not both');
  if (dto.mcias) {
    return {
      kind: 'mcias',
      serverUrl: serverUrl(problems, 'mcias.server_url', dto.mcias.server_url),
      serviceName: nonEmpty(problems, 'mcias.service_name', dto.mcias.service_name ?? 'mcp-agent'),
      ...(dto.mcias.ca_cert !== undefined ? { caCert: expandHome(nonEmpty(problems, 'mcias.ca_cert', dto.mcias.ca_cert), env) } : {}),
    };
  }
  if (dto.auth) return { kind: 'tokens-file', tokensFile: expandHome(nonEmpty(problems, 'auth.tokens_file', dto.auth.tokens_file), env) };
  throw problems.fail('mcias', 'no identity source: add an [mcias] section or [auth] tokens_file');
}

/** The engine, and for docker its socket; a socket given for podman is a mistake worth saying. */
function runtimeOf(dto: AgentConfigDto, problems: ConfigProblems, env: Env): { containerRuntime: ContainerRuntimeKind; runtimeSocket?: string } {
  const kind = dto.agent.container_runtime ?? 'podman';
  if (!(CONTAINER_RUNTIMES as readonly string[]).includes(kind)) {
    throw problems.fail('agent.container_runtime', `unknown runtime ${quoted(kind)}: use ${CONTAINER_RUNTIMES.join(', ')}`);
  }
  const socket = dto.agent.runtime_socket;
  if (kind === 'podman') {
    if (socket !== undefined) throw problems.fail('agent.runtime_socket', 'only used with container_runtime = "docker": remove it, or set container_runtime = "docker"');
    return { containerRuntime: 'podman' };
  }
  return { containerRuntime: 'docker', runtimeSocket: expandHome(nonEmpty(problems, 'agent.runtime_socket', socket ?? DEFAULT_DOCKER_SOCKET), env) };
}

export const DEFAULT_METRICS_LISTEN = '127.0.0.1:9445';

/** `[metrics]`: on by default on loopback; anywhere else only behind a bearer token. */
function metricsOf(dto: AgentConfigDto, problems: ConfigProblems, env: Env): MetricsConfig | undefined {
  const listen = dto.metrics?.listen ?? DEFAULT_METRICS_LISTEN;
  const tokenFile = dto.metrics?.token_file;
  if (listen === '') return undefined;
  hostPort(problems, 'metrics.listen', listen, true);
  if (tokenFile === undefined && !isLoopbackAddress(listen)) {
    throw problems.fail('metrics.token_file', `is required when metrics.listen (${JSON.stringify(listen)}) is not a loopback address: scrapers must send a bearer token`);
  }
  return { listen, ...(tokenFile !== undefined ? { tokenFile: expandHome(nonEmpty(problems, 'metrics.token_file', tokenFile), env) } : {}) };
}

/**
 * Loads the agent's config: `path`, else /srv/mcp/mcp-agent.toml. Each
 * value may be overridden by MCP_AGENT_<SECTION>_<KEY> (alert_command: a
 * JSON array, or words split on whitespace). Any problem is CONFIG_INVALID
 * naming the file and key, so the agent refuses to start.
 */
export function loadAgentConfig(path?: string, env: Env = process.env): AgentConfig {
  const file = expandHome(path ?? DEFAULT_AGENT_CONFIG, env);
  const raw = readConfigToml(file);
  const sources = applyEnvOverrides(raw, AGENT_SECTIONS, AGENT_ENV_KINDS, 'MCP_AGENT_', env);
  const problems = new ConfigProblems(file, sources);
  // A missing section reports its required keys one by one ("server.grpc_addr: is required").
  for (const section of AGENT_REQUIRED_SECTIONS) raw[section] ??= {};
  let dto: AgentConfigDto;
  try {
    dto = validatePlain(AgentConfigDto, raw, file, ErrorCode.ConfigInvalid);
  } catch (e) {
    throw problems.annotate(e);
  }
  const home = (key: string, value: string) => expandHome(nonEmpty(problems, key, value), env);
  const databasePath = home('database.path', dto.database.path);
  const runtime = runtimeOf(dto, problems, env);
  const maxFileSize = dto.agent.max_file_size === undefined ? DEFAULT_MAX_FILE_SIZE : parseByteSize(dto.agent.max_file_size);
  if (maxFileSize === undefined || maxFileSize === 0) throw problems.fail('agent.max_file_size', `${showValue(dto.agent.max_file_size)} is not a size (${SIZE_HINT})`);
  const keepRevisions = dto.agent.keep_revisions ?? 10;
  if (keepRevisions < 1) throw problems.fail('agent.keep_revisions', `${keepRevisions} must be at least 1`);
  const monitor = dto.monitor ?? {};
  const metrics = metricsOf(dto, problems, env);
  const flapThreshold = monitor.flap_threshold ?? 3;
  if (flapThreshold < 1) throw problems.fail('monitor.flap_threshold', `${flapThreshold} must be at least 1`);
  return {
    path: file,
    server: {
      grpcAddr: hostPort(problems, 'server.grpc_addr', dto.server.grpc_addr, true),
      tlsCert: home('server.tls_cert', dto.server.tls_cert),
      tlsKey: home('server.tls_key', dto.server.tls_key),
    },
    database: { path: databasePath },
    identity: identityOf(dto, problems, env),
    agent: {
      nodeName: nodeName(problems, 'agent.node_name', dto.agent.node_name),
      ...runtime,
      servicesRoot: home('agent.services_root', dto.agent.services_root ?? '/srv'),
      backupDir: home('agent.backup_dir', dto.agent.backup_dir ?? '/srv/mcp/backups'),
      maxFileSize,
      settleTimeMs: durationMs(problems, 'agent.settle_time', dto.agent.settle_time, '3s', 'timer'),
      keepRevisions,
      secretKeyFile: home('agent.secret_key_file', dto.agent.secret_key_file ?? join(dirname(databasePath), 'secret.key')),
    },
    monitor: {
      intervalMs: durationMs(problems, 'monitor.interval', monitor.interval, '60s', 'timer'),
      ...(monitor.alert_command !== undefined ? { alertCommand: [...monitor.alert_command] } : {}),
      alertTimeoutMs: durationMs(problems, 'monitor.alert_timeout', monitor.alert_timeout, '30s', 'timer'),
      cooldownMs: durationMs(problems, 'monitor.cooldown', monitor.cooldown, '15m'),
      flapThreshold,
      flapWindowMs: durationMs(problems, 'monitor.flap_window', monitor.flap_window, '10m'),
      retentionMs: durationMs(problems, 'monitor.retention', monitor.retention, '30d'),
    },
    log: { level: (dto.log?.level ?? 'info') as LogLevel },
    ...(metrics ? { metrics } : {}),
  };
}

/** The part of the config the use cases see (the AgentSettings port). */
export function toAgentSettings(config: AgentConfig): AgentSettings {
  const m = config.monitor;
  return {
    nodeName: config.agent.nodeName,
    maxFileSize: config.agent.maxFileSize,
    settleTimeMs: config.agent.settleTimeMs,
    keepRevisions: config.agent.keepRevisions,
    monitor: { intervalMs: m.intervalMs, cooldownMs: m.cooldownMs, flapThreshold: m.flapThreshold, flapWindowMs: m.flapWindowMs, retentionMs: m.retentionMs },
  };
}
