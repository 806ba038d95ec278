import type { AdoptCommand } from '../../../application/operator/adopt.command';
import type { DeployCommand } from '../../../application/operator/deploy.command';
import type { FileTransferCommand } from '../../../application/operator/file-transfer.command';
import type { LifecycleCommand } from '../../../application/operator/lifecycle.command';
import type { LoginCommand } from '../../../application/operator/login.command';
import type { NodeAdminCommand } from '../../../application/operator/node-admin.command';
import type { ReadNodesCommand } from '../../../application/operator/read-nodes.command';
import type { ServiceDefinitionCommand } from '../../../application/operator/service-definition.command';
import type { ServiceExportCommand } from '../../../application/operator/service-export.command';
import type { SyncCommand } from '../../../application/operator/sync.command';
import type { LogsCommand } from '../../../application/operator/logs.command';
import type { EventsCommand } from '../../../application/operator/events.command';
import type { HistoryCommand } from '../../../application/operator/history.command';
import type { SecretCommand } from '../../../application/operator/secret.command';
import type { PlanCommand } from '../../../application/operator/plan.command';
import type { RollbackCommand } from '../../../application/operator/rollback.command';
import type { WhoAmICommand } from '../../../application/operator/whoami.command';
import type { NodeLocator } from '../../../application/operator/support/node-locator';
import type { WatchNodesCommand } from '../../../application/operator/watch-nodes.command';

export interface GlobalOptions {
  readonly config?: string;
  readonly json: boolean;
  readonly debug: boolean;
}

/**
 * The operator's use cases by name: the one list the composition root must
 * fill (the compiler checks it does). A command module asks for the one it
 * needs only once it runs, so `--help` loads no config, no gRPC, no TLS.
 */
export interface CliCommands {
  readonly deploy: DeployCommand;
  readonly lifecycle: LifecycleCommand;
  readonly read: ReadNodesCommand;
  readonly sync: SyncCommand;
  readonly adopt: AdoptCommand;
  readonly service: ServiceDefinitionCommand;
  readonly exports: ServiceExportCommand;
  readonly files: FileTransferCommand;
  readonly nodes: NodeAdminCommand;
  readonly login: LoginCommand;
  readonly logs: LogsCommand;
  readonly events: EventsCommand;
  readonly history: HistoryCommand;
  readonly rollback: RollbackCommand;
  readonly plan: PlanCommand;
  readonly whoami: WhoAmICommand;
  /** Which node a service's file names (or which node holds it): the dashboard asks it before a node holds the service. */
  readonly locator: NodeLocator;

  readonly watch: WatchNodesCommand;
  /** `mcp ui`: loaded only when asked for (its own bundle). */
  readonly dashboard: DashboardLaunch;

  readonly secrets: SecretCommand;
}

export interface DashboardRequest {
  readonly listen: string;
  readonly open: boolean;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
}

/** Starts the dashboard and runs until the process is told to stop; the exit code. */
export interface DashboardLaunch {
  serve(request: DashboardRequest): Promise<number>;
}

/** Where output goes; `write` answers false (and 'drain' follows) when a reader is slower than we write, as a Node stream does. */
export interface CliSink {
  write(text: string): boolean | void;
  once?(event: 'drain', listener: () => void): unknown;
}

export interface CliOutput extends CliSink {
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliSink;
  readonly now: () => Date;
}

/** Builds the use cases for one run, given the global options (the config path, --json). */
export type OpenCommands = (globals: GlobalOptions) => CliCommands | Promise<CliCommands>;
