import { readFileSync } from 'node:fs';
import { SystemClock } from '../../../adapters/clock/system/system-clock';
import type { AgentConfig } from '../../../adapters/config/toml/config.types';
import { toAgentSettings } from '../../../adapters/config/toml/agent-config.loader';
import { FsServiceFileStore } from '../../../adapters/files/fs/fs-service-file-store';
import { NetHealthProbe } from '../../../adapters/health/net/net-health-probe.adapter';
import { CachingTokenValidator } from '../../../adapters/identity/cache/caching-token-validator';
import { MciasClient } from '../../../adapters/identity/mcias/mcias-client';
import { TokensFileProvider } from '../../../adapters/identity/tokens-file/tokens-file-provider';
import { CommandNotifier } from '../../../adapters/notifier/command/command-notifier.adapter';
import { IntervalScheduler } from '../../../adapters/scheduler/interval/interval-scheduler.adapter';
import { TimerSleeper } from '../../../adapters/scheduler/interval/timer-sleeper.adapter';
import { EventFeed } from '../../../application/agent/events/event-feed';
import { publishingRegistry } from '../../../application/agent/events/publishing-registry';
import { AGENT_SETTINGS } from '../../../application/agent/ports/agent-settings.port';
import { DEPLOY_JOURNAL, type DeployJournal } from '../../../application/agent/ports/deploy-journal.port';
import { SERVICE_FILE_STORE } from '../../../application/agent/ports/file-store.port';
import { HEALTH_PROBE } from '../../../application/agent/ports/health-probe.port';
import { NOTIFIER } from '../../../application/agent/ports/notifier.port';
import { REGISTRY, type Registry } from '../../../application/agent/ports/registry.port';
import { SECRET_STORE, type SecretStore } from '../../../application/agent/ports/secret-store.port';
import { NO_SECRET_STORE } from '../../../application/agent/secrets/no-secret-store';
import { SCHEDULER } from '../../../application/agent/ports/scheduler.port';
import { SLEEPER } from '../../../application/agent/ports/sleeper.port';
import { KeyedLock, SERVICE_LOCK } from '../../../application/agent/support/keyed-lock';
import { CLOCK } from '../../../application/shared/ports/clock.port';
import { TOKEN_VALIDATOR, type TokenValidator } from '../../../application/shared/ports/identity.port';
import { LOGGER, type Logger } from '../../../application/shared/ports/logger.port';
import { AGENT } from '../agent-tokens';
import { containerModule } from '../wiring';

/** What the server opened before the container exists: the database (registry and journal) and the log. */
export interface OpenedParts {
  readonly registry: Registry;
  readonly journal: DeployJournal;
  /** Absent (some tests): every secret call says the node keeps no secrets. */
  readonly secrets?: SecretStore;
  readonly logger: Logger;
}

function identityFrom(config: AgentConfig): TokenValidator {
  const id = config.identity;
  if (id.kind === 'tokens-file') return new TokensFileProvider({ path: id.tokensFile });
  return new MciasClient({ serverUrl: id.serverUrl, serviceName: id.serviceName, ...(id.caCert ? { caCert: readFileSync(id.caCert) } : {}) });
}

/** The driven side: one adapter behind each port the use cases need, from the configuration. */
export function portsModule(config: AgentConfig, opened: OpenedParts) {
  return containerModule((bind) => {
    const feed = new EventFeed();
    bind.constant(AGENT_SETTINGS, toAgentSettings(config));
    bind.constant(CLOCK, new SystemClock());
    bind.constant(LOGGER, opened.logger);
    bind.constant(AGENT.Audit, opened.logger);
    bind.constant(AGENT.EventFeed, feed);
    // Every event recorded, by whichever use case, reaches `mcp events -f` followers and the metrics.
    bind.constant(REGISTRY, publishingRegistry(opened.registry, feed));
    bind.constant(DEPLOY_JOURNAL, opened.journal);
    bind.constant(SECRET_STORE, opened.secrets ?? NO_SECRET_STORE);
    bind.constant(SERVICE_FILE_STORE, new FsServiceFileStore({ servicesRoot: config.agent.servicesRoot, maxFileSize: config.agent.maxFileSize }));
    // Each monitor gets its own notifier, so stopping one waits for its own alert deliveries only.
    bind.perUserFactory(NOTIFIER, (get) => new CommandNotifier({ argv: config.monitor.alertCommand, timeoutMs: config.monitor.alertTimeoutMs, logger: get(LOGGER) }));
    bind.constant(HEALTH_PROBE, new NetHealthProbe());
    bind.constant(SLEEPER, new TimerSleeper());
    // A scheduler runs one job: each loop gets its own.
    bind.perUser(SCHEDULER, IntervalScheduler, LOGGER);
    bind.factory(TOKEN_VALIDATOR, (get) => new CachingTokenValidator(identityFrom(config), get(CLOCK)));
    // One service, one change at a time: every mutation and both monitors share it.
    bind.constant(SERVICE_LOCK, new KeyedLock());
  });
}
