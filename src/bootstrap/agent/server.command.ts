import { accessSync, constants, mkdirSync } from 'node:fs';
import type { AgentConfig } from '../../adapters/config/toml/config.types';
import { TokensFileProvider } from '../../adapters/identity/tokens-file/tokens-file-provider';
import { WinstonLogger } from '../../adapters/logger/winston/winston-logger';
import { openSqliteRegistry } from '../../adapters/registry/typeorm/sqlite-registry.factory';
import { TypeormSecretStore } from '../../adapters/registry/typeorm/typeorm-secret-store.adapter';
import { SecretCipher } from '../../adapters/secrets/aes-gcm/secret-cipher';
import { loadSecretKey } from '../../adapters/secrets/aes-gcm/secret-key-file';
import { assertRegistryIntact } from './registry-check';
import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { buildAgentContainer } from './agent-container';
import { resolve } from './wiring';
import { AGENT } from './agent-tokens';
import { SERVICE_LOCK } from '../../application/agent/support/keyed-lock';

function requireReadable(path: string, key: string, file: string): void {
  try {
    accessSync(path, constants.R_OK);
  } catch (e) {
    throw new DomainError(ErrorCode.ConfigInvalid, `${file}: ${key}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'}); the agent serves TLS only`);
  }
}

function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/**
 * Serves until SIGINT/SIGTERM, then: stop accepting and let in-flight calls
 * finish, stop the monitor, close the database, flush the log.
 */
export async function runServer(config: AgentConfig): Promise<void> {
  const configFile = config.path;
  requireReadable(config.server.tlsCert, 'server.tls_cert', configFile);
  requireReadable(config.server.tlsKey, 'server.tls_key', configFile);
  if (config.identity.kind === 'tokens-file') await new TokensFileProvider({ path: config.identity.tokensFile }).load();

  // The file store refuses a missing root (it resolves real paths); a fresh node has none yet.
  mkdirSync(config.agent.servicesRoot, { recursive: true, mode: 0o755 });

  await assertRegistryIntact(config);
  const logger = new WinstonLogger(config.log.level);
  const db = await openSqliteRegistry(config.database.path);
  const secrets: TypeormSecretStore = new TypeormSecretStore(
    (op, task, tx) => db.registry.exclusive(op, task, tx),
    async () => new SecretCipher(await loadSecretKey(config.agent.secretKeyFile, { sealedVersions: () => secrets.sealedVersions() })),
  );
  const container = buildAgentContainer(config, { registry: db.registry, journal: db.registry, secrets, logger });
  const server = resolve(container, AGENT.GrpcServer);
  const monitor = resolve(container, AGENT.Monitor);
  const follower = resolve(container, AGENT.EventFollower);
  const metrics = resolve(container, AGENT.MetricsServer).server;
  const health = resolve(container, AGENT.HealthMonitorLoop);
  const signal = nextSignal();
  try {
    // Undo deploys a crash cut short, before anything else can act on those services.
    const recovered = await resolve(container, AGENT.UseCases).recoverDeploys.execute();
    if (recovered.undone.length > 0 || recovered.cleaned.length > 0 || recovered.reaped.length > 0) logger.warn('interrupted deploys undone', { ...recovered });
    const metricsPort = metrics ? await metrics.start() : undefined;
    const port = await server.start();
    logger.info('agent listening', {
      node: config.agent.nodeName,
      address: config.server.grpcAddr,
      port,
      database: config.database.path,
      ...(metricsPort !== undefined ? { metrics: config.metrics?.listen, metricsPort } : {}),
    });
    monitor.start();
    follower.start();
    health.start();
    logger.info('shutting down', { signal: await signal });
    // Followed logs and events never end by themselves: end them, or the drain would wait for them.
    resolve(container, AGENT.StreamsShutdown).abort();
    await server.stop();
    // A mutation whose stream was ended above (DeployWatch) runs on: let it finish or undo before the database closes.
    await resolve(container, SERVICE_LOCK).idle();
    await follower.stop();
    await monitor.stop();
    await health.stop();
  } finally {
    // Also when gRPC could not start: a listening /metrics would keep the process alive.
    await metrics?.stop();
    await db.close();
    logger.info('stopped');
    await logger.flush();
  }
}
