import type { CliCommands, CliOutput, GlobalOptions } from '../../adapters/cli/commander/cli-commands';
import { FileTokenStore } from '../../adapters/cli/config/file-token-store.adapter';
import { TomlNodeDirectory } from '../../adapters/cli/config/toml-node-directory.adapter';
import { TomlServiceDefinitions } from '../../adapters/cli/config/toml-service-definitions.adapter';
import { FsLocalFiles } from '../../adapters/cli/local/fs-local-files.adapter';
import { ReadlineTerminal } from '../../adapters/cli/terminal/readline-terminal.adapter';
import { SpawnEditor } from '../../adapters/cli/terminal/spawn-editor.adapter';
import { TtyDeployProgress } from '../../adapters/cli/terminal/tty-deploy-progress.adapter';
import { loadCliConfig } from '../../adapters/config/toml/cli-config.loader';
import { GrpcAgentGatewayFactory } from '../../adapters/grpc/client/grpc-agent-gateway.factory';
import { loadToken } from '../../adapters/identity/token-store/token-file-store';
import { AdoptCommand } from '../../application/operator/adopt.command';
import { DeployCommand } from '../../application/operator/deploy.command';
import { FileTransferCommand } from '../../application/operator/file-transfer.command';
import { HistoryCommand } from '../../application/operator/history.command';
import { SecretCommand } from '../../application/operator/secret.command';
import { StdinSecretInput } from '../../adapters/cli/terminal/stdin-secret-input.adapter';
import { LifecycleCommand } from '../../application/operator/lifecycle.command';
import { LoginCommand } from '../../application/operator/login.command';
import { NodeAdminCommand } from '../../application/operator/node-admin.command';
import { PlanCommand } from '../../application/operator/plan.command';
import { ReadNodesCommand } from '../../application/operator/read-nodes.command';
import { RollbackCommand } from '../../application/operator/rollback.command';
import { ServiceDefinitionCommand } from '../../application/operator/service-definition.command';
import { ServiceExportCommand } from '../../application/operator/service-export.command';
import { FsExportFiles } from '../../adapters/export/fs-export-files.adapter';
import { FormatServiceExporter } from '../../adapters/export/service-exporter.adapter';
import { NodeLocator } from '../../application/operator/support/node-locator';
import { SyncCommand } from '../../application/operator/sync.command';
import { SystemClock } from '../../adapters/clock/system/system-clock';
import { EventsCommand } from '../../application/operator/events.command';
import { LogsCommand } from '../../application/operator/logs.command';
import { WhoAmICommand } from '../../application/operator/whoami.command';
import { WatchNodesCommand } from '../../application/operator/watch-nodes.command';
import type { DeployProgress } from '../../application/operator/ports/operator.ports';
import { TimerSleeper } from '../../adapters/scheduler/interval/timer-sleeper.adapter';
import type { DashboardLaunch, DashboardRequest } from '../../adapters/cli/commander/cli-commands';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** A value made on first use and kept: nothing is read or loaded before a command needs it. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * The CLI's composition root: each port once, each use case once, typed by
 * CliCommands. Plain lazy factories instead of inversify (see
 * docs/ARCHITECTURE.md, "Composition roots"): one command runs per process,
 * so the container would be built to resolve a single object, and loading it
 * costs the startup an operator waits for on every command.
 */
export function openCliCommands(globals: GlobalOptions, stdout: CliOutput, progress?: DeployProgress): CliCommands {
  const config = once(() => loadCliConfig(globals.config));
  const nodes = once(() => new TomlNodeDirectory(config().path, config().nodes));
  const definitions = once(() => new TomlServiceDefinitions(config().services.dir));
  const localFiles = once(() => new FsLocalFiles());
  const gateways = once(() => {
    const c = config();
    return new GrpcAgentGatewayFactory({
      configPath: c.path,
      ...(c.tls.caCert !== undefined ? { caCertPath: c.tls.caCert } : {}),
      loadToken: () => loadToken(c.auth.tokenPath),
      nodeTimeoutMs: c.cli.nodeTimeoutMs,
      parallel: c.cli.parallel,
    });
  });
  const locator = once(() => new NodeLocator(nodes(), definitions(), gateways()));
  const identity = () => {
    const mcias = config().mcias;
    if (mcias === undefined) return undefined;
    return async () => {
      const { MciasClient } = await import('../../adapters/identity/mcias/mcias-client');
      const extraCaFile = process.env['NODE_EXTRA_CA_CERTS'];
      return new MciasClient({
        serverUrl: mcias.serverUrl,
        serviceName: mcias.serviceName,
        ...(mcias.caCert !== undefined ? { caCert: mcias.caCert } : {}),
        ...(extraCaFile !== undefined ? { extraCaFile } : {}),
      });
    };
  };
  return {
    get deploy() {
      return new DeployCommand(locator(), gateways(), progress ?? new TtyDeployProgress(stdout, !globals.json));
    },
    get history() {
      return new HistoryCommand(locator(), gateways());
    },
    get rollback() {
      return new RollbackCommand(locator(), definitions(), gateways());
    },
    get plan() {
      return new PlanCommand(nodes(), definitions(), gateways());
    },
    get lifecycle() {
      return new LifecycleCommand(locator(), definitions(), gateways());
    },
    get read() {
      return new ReadNodesCommand(nodes(), gateways());
    },
    get locator() {
      return locator();
    },
    get whoami() {
      return new WhoAmICommand(nodes(), gateways());
    },
    get sync() {
      return new SyncCommand(nodes(), definitions(), gateways());
    },
    get adopt() {
      return new AdoptCommand(nodes(), locator(), gateways());
    },
    get service() {
      return new ServiceDefinitionCommand(locator(), definitions(), gateways(), new SpawnEditor());
    },
    get exports() {
      return new ServiceExportCommand(locator(), nodes(), definitions(), gateways(), new FormatServiceExporter(), new FsExportFiles());
    },
    get files() {
      return new FileTransferCommand(locator(), localFiles(), gateways());
    },
    get nodes() {
      return new NodeAdminCommand(nodes());
    },
    get login() {
      return new LoginCommand(new FileTokenStore(config().auth.tokenPath), new ReadlineTerminal(), localFiles(), config().auth, identity());
    },
    get logs() {
      return new LogsCommand(locator(), gateways(), new SystemClock());
    },
    get events() {
      return new EventsCommand(nodes(), gateways(), new SystemClock());
    },
    get watch() {
      // Each node says what the token may do there, so the dashboard shows only the buttons it would honour.
      return new WatchNodesCommand(nodes(), gateways(), new SystemClock(), new TimerSleeper(), { retryMs: 1000, refreshMs: 5000, identify: (g) => g.whoami() });
    },
    get dashboard() {
      return loadDashboard(globals, stdout);
    },
    get secrets() {
      return new SecretCommand(locator(), localFiles(), new StdinSecretInput(new ReadlineTerminal()), gateways());
    },
  };
}

/**
 * `mcp ui` lives in its own bundle (mcp-ui.bundle.js, next to this file's:
 * fastify and the pages), loaded only when it runs, so no other command pays
 * for it at start-up. The path is computed so esbuild leaves it out of mcp.bundle.js.
 */
function loadDashboard(globals: GlobalOptions, stdout: CliOutput): DashboardLaunch {
  const bundled = join(__dirname, 'mcp-ui.bundle.js');
  const entry = existsSync(bundled) ? bundled : join(__dirname, ['dashboard', 'entry'].join('.'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { serveDashboard } = require(entry) as { serveDashboard: (g: GlobalOptions, r: DashboardRequest, out: CliOutput) => Promise<number> };
  return { serve: (options) => serveDashboard(globals, options, stdout) };
}
