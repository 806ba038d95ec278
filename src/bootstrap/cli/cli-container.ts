import 'reflect-metadata';
import { Container, ContainerModule } from 'inversify';
import { AdoptCommand } from '../../application/operator/adopt.command';
import { DeployCommand } from '../../application/operator/deploy.command';
import { FileTransferCommand } from '../../application/operator/file-transfer.command';
import { LifecycleCommand } from '../../application/operator/lifecycle.command';
import { LoginCommand } from '../../application/operator/login.command';
import { NodeAdminCommand } from '../../application/operator/node-admin.command';
import {
  DEPLOY_PROGRESS,
  type DeployProgress,
  EDITOR,
  type Editor,
  LOCAL_FILES,
  LOGIN_SETTINGS,
  type LocalFiles,
  type LoginSettings,
  NODE_DIRECTORY,
  type NodeDirectory,
  SERVICE_DEFINITIONS,
  type ServiceDefinitions,
  TERMINAL,
  TOKEN_STORE,
  type Terminal,
  type TokenStore,
} from '../../application/operator/ports/operator.ports';
import { ReadNodesCommand } from '../../application/operator/read-nodes.command';
import { ServiceDefinitionCommand } from '../../application/operator/service-definition.command';
import { NodeLocator } from '../../application/operator/support/node-locator';
import { SyncCommand } from '../../application/operator/sync.command';
import { HistoryCommand } from '../../application/operator/history.command';
import { PlanCommand } from '../../application/operator/plan.command';
import { RollbackCommand } from '../../application/operator/rollback.command';
import { AGENT_GATEWAY_FACTORY, type AgentGatewayFactory } from '../../application/operator/ports/agent-gateway.port';
import type { CliCommands, CliOutput, GlobalOptions } from '../../adapters/cli/commander/cli-commands';
import { FileTokenStore } from '../../adapters/cli/config/file-token-store.adapter';
import { TomlNodeDirectory } from '../../adapters/cli/config/toml-node-directory.adapter';
import { TomlServiceDefinitions } from '../../adapters/cli/config/toml-service-definitions.adapter';
import { FsLocalFiles } from '../../adapters/cli/local/fs-local-files.adapter';
import { ReadlineTerminal } from '../../adapters/cli/terminal/readline-terminal.adapter';
import { SpawnEditor } from '../../adapters/cli/terminal/spawn-editor.adapter';
import { TtyDeployProgress } from '../../adapters/cli/terminal/tty-deploy-progress.adapter';
import { loadCliConfig } from '../../adapters/config/toml/cli-config.loader';
import type { CliConfig } from '../../adapters/config/toml/config.types';
import { loadToken } from '../../adapters/identity/token-store/token-file-store';
import { LazyGrpcGatewayFactory } from '../../adapters/grpc/client/lazy-grpc-gateway';

const CLI_CONFIG = Symbol.for('mcp.cli.Config');
const NODE_LOCATOR = Symbol.for('mcp.cli.NodeLocator');
const C = {
  deploy: Symbol.for('mcp.cli.DeployCommand'),
  lifecycle: Symbol.for('mcp.cli.LifecycleCommand'),
  read: Symbol.for('mcp.cli.ReadNodesCommand'),
  sync: Symbol.for('mcp.cli.SyncCommand'),
  adopt: Symbol.for('mcp.cli.AdoptCommand'),
  service: Symbol.for('mcp.cli.ServiceDefinitionCommand'),
  files: Symbol.for('mcp.cli.FileTransferCommand'),
  nodes: Symbol.for('mcp.cli.NodeAdminCommand'),
  login: Symbol.for('mcp.cli.LoginCommand'),
  history: Symbol.for('mcp.cli.HistoryCommand'),
  rollback: Symbol.for('mcp.cli.RollbackCommand'),
  plan: Symbol.for('mcp.cli.PlanCommand'),
} as const;

/** Ports: the config is read when the first thing needing it is resolved. */
function portsModule(globals: GlobalOptions, stdout: CliOutput): ContainerModule {
  return new ContainerModule((bind) => {
    bind<CliConfig>(CLI_CONFIG).toDynamicValue(() => loadCliConfig(globals.config)).inSingletonScope();
    const config = (ctx: { container: { get<T>(id: symbol): T } }) => ctx.container.get<CliConfig>(CLI_CONFIG);
    bind<NodeDirectory>(NODE_DIRECTORY).toDynamicValue((ctx) => new TomlNodeDirectory(config(ctx).path, config(ctx).nodes)).inSingletonScope();
    bind<ServiceDefinitions>(SERVICE_DEFINITIONS).toDynamicValue((ctx) => new TomlServiceDefinitions(config(ctx).services.dir)).inSingletonScope();
    bind<TokenStore>(TOKEN_STORE).toDynamicValue((ctx) => new FileTokenStore(config(ctx).auth.tokenPath)).inSingletonScope();
    bind<LoginSettings>(LOGIN_SETTINGS).toDynamicValue((ctx) => config(ctx).auth);
    bind<AgentGatewayFactory>(AGENT_GATEWAY_FACTORY)
      .toDynamicValue((ctx) => {
        const c = config(ctx);
        return new LazyGrpcGatewayFactory({ configPath: c.path, ...(c.tls.caCert !== undefined ? { caCertPath: c.tls.caCert } : {}), loadToken: () => loadToken(c.auth.tokenPath) });
      })
      .inSingletonScope();
    bind<LocalFiles>(LOCAL_FILES).toDynamicValue(() => new FsLocalFiles()).inSingletonScope();
    bind<Editor>(EDITOR).toDynamicValue(() => new SpawnEditor()).inSingletonScope();
    bind<Terminal>(TERMINAL).toDynamicValue(() => new ReadlineTerminal()).inSingletonScope();
    bind<DeployProgress>(DEPLOY_PROGRESS).toDynamicValue(() => new TtyDeployProgress(stdout, !globals.json)).inSingletonScope();
  });
}

function commandsModule(): ContainerModule {
  return new ContainerModule((bind) => {
    bind(NODE_LOCATOR).toDynamicValue((ctx) => new NodeLocator(ctx.container.get(NODE_DIRECTORY), ctx.container.get(SERVICE_DEFINITIONS), ctx.container.get(AGENT_GATEWAY_FACTORY)));
    bind(C.deploy).toDynamicValue((ctx) => new DeployCommand(ctx.container.get(NODE_LOCATOR), ctx.container.get(AGENT_GATEWAY_FACTORY), ctx.container.get(DEPLOY_PROGRESS)));
    bind(C.lifecycle).toDynamicValue((ctx) => new LifecycleCommand(ctx.container.get(NODE_LOCATOR), ctx.container.get(SERVICE_DEFINITIONS), ctx.container.get(AGENT_GATEWAY_FACTORY)));
    bind(C.read).toDynamicValue((ctx) => new ReadNodesCommand(ctx.container.get(NODE_DIRECTORY), ctx.container.get(AGENT_GATEWAY_FACTORY)));
    bind(C.sync).toDynamicValue((ctx) => new SyncCommand(ctx.container.get(NODE_DIRECTORY), ctx.container.get(SERVICE_DEFINITIONS), ctx.container.get(AGENT_GATEWAY_FACTORY)));
    bind(C.adopt).toDynamicValue((ctx) => new AdoptCommand(ctx.container.get(NODE_DIRECTORY), ctx.container.get(NODE_LOCATOR), ctx.container.get(AGENT_GATEWAY_FACTORY)));
    bind(C.service).toDynamicValue(
      (ctx) => new ServiceDefinitionCommand(ctx.container.get(NODE_LOCATOR), ctx.container.get(SERVICE_DEFINITIONS), ctx.container.get(AGENT_GATEWAY_FACTORY), ctx.container.get(EDITOR)),
    );
    bind(C.files).toDynamicValue((ctx) => new FileTransferCommand(ctx.container.get(NODE_LOCATOR), ctx.container.get(LOCAL_FILES), ctx.container.get(AGENT_GATEWAY_FACTORY)));
    bind(C.nodes).toDynamicValue((ctx) => new NodeAdminCommand(ctx.container.get(NODE_DIRECTORY)));
    bind(C.history).toDynamicValue((ctx) => new HistoryCommand(ctx.container.get(NODE_LOCATOR), ctx.container.get(AGENT_GATEWAY_FACTORY)));
    bind(C.rollback).toDynamicValue((ctx) => new RollbackCommand(ctx.container.get(NODE_LOCATOR), ctx.container.get(SERVICE_DEFINITIONS), ctx.container.get(AGENT_GATEWAY_FACTORY)));
    bind(C.plan).toDynamicValue((ctx) => new PlanCommand(ctx.container.get(NODE_DIRECTORY), ctx.container.get(SERVICE_DEFINITIONS), ctx.container.get(AGENT_GATEWAY_FACTORY)));
    bind(C.login).toDynamicValue((ctx) => {
      const mcias = ctx.container.get<CliConfig>(CLI_CONFIG).mcias;
      const identity = mcias
        ? async () => {
            const { MciasClient } = await import('../../adapters/identity/mcias/mcias-client');
            return new MciasClient({ serverUrl: mcias.serverUrl, serviceName: mcias.serviceName, ...(mcias.caCert !== undefined ? { caCert: mcias.caCert } : {}) });
          }
        : undefined;
      return new LoginCommand(ctx.container.get(TOKEN_STORE), ctx.container.get(TERMINAL), ctx.container.get(LOCAL_FILES), ctx.container.get(LOGIN_SETTINGS), identity);
    });
  });
}

export function buildCliContainer(globals: GlobalOptions, stdout: CliOutput): Container {
  const container = new Container();
  container.load(portsModule(globals, stdout), commandsModule());
  return container;
}

/** The use cases of one run; each is built (and the config read) only when its command asks for it. */
export function openCliCommands(globals: GlobalOptions, stdout: CliOutput): CliCommands {
  const container = buildCliContainer(globals, stdout);
  const get = <T>(id: symbol) => container.get<T>(id);
  return {
    get deploy() { return get<DeployCommand>(C.deploy); },
    get lifecycle() { return get<LifecycleCommand>(C.lifecycle); },
    get read() { return get<ReadNodesCommand>(C.read); },
    get sync() { return get<SyncCommand>(C.sync); },
    get adopt() { return get<AdoptCommand>(C.adopt); },
    get service() { return get<ServiceDefinitionCommand>(C.service); },
    get files() { return get<FileTransferCommand>(C.files); },
    get nodes() { return get<NodeAdminCommand>(C.nodes); },
    get login() { return get<LoginCommand>(C.login); },
    get history() { return get<HistoryCommand>(C.history); },
    get rollback() { return get<RollbackCommand>(C.rollback); },
    get plan() { return get<PlanCommand>(C.plan); },
  };
}
