import type { AgentSettings } from './ports/agent-settings.port';
import type { Clock } from '../shared/ports/clock.port';
import type { ContainerRuntime } from './ports/container-runtime.port';
import type { ServiceFileStore } from './ports/file-store.port';
import type { Registry } from './ports/registry.port';
import type { ContainerExec } from './ports/container-exec.port';
import type { ContainerLogs } from './ports/container-logs.port';
import type { DeployJournal } from './ports/deploy-journal.port';
import type { HealthProbe } from './ports/health-probe.port';
import type { Sleeper } from './ports/sleeper.port';
import { RecoverDeploysUseCase } from './recover-deploys.use-case';
import { AdoptContainersUseCase } from './adopt-containers.use-case';
import { DeployUseCase } from './deploy.use-case';
import { GetServiceStatusUseCase } from './get-service-status.use-case';
import { ListServicesUseCase } from './list-services.use-case';
import { LiveCheckUseCase } from './live-check.use-case';
import { PullFileUseCase } from './pull-file.use-case';
import { PushFileUseCase } from './push-file.use-case';
import { RestartServiceUseCase } from './restart-service.use-case';
import type { KeyedLock } from './support/keyed-lock';
import { ServiceLifecycle } from './support/service-lifecycle';
import { StartServiceUseCase } from './start-service.use-case';
import { StopServiceUseCase } from './stop-service.use-case';
import { SyncDesiredStateUseCase } from './sync-desired-state.use-case';
import { GetHistoryUseCase } from './get-history.use-case';
import { RollbackUseCase } from './rollback.use-case';
import { RevisionRecorder } from './support/revision-recorder';
import type { SecretStore } from './ports/secret-store.port';
import { NO_SECRET_STORE } from './secrets/no-secret-store';
import { SecretUseCases } from './secrets/secret-use-cases';

/** Every use case an agent serves, one per RPC. */
export interface AgentUseCases {
  readonly deploy: DeployUseCase;
  readonly stop: StopServiceUseCase;
  readonly start: StartServiceUseCase;
  readonly restart: RestartServiceUseCase;
  readonly list: ListServicesUseCase;
  readonly liveCheck: LiveCheckUseCase;
  readonly status: GetServiceStatusUseCase;
  readonly sync: SyncDesiredStateUseCase;
  readonly adopt: AdoptContainersUseCase;
  readonly push: PushFileUseCase;
  readonly pull: PullFileUseCase;
  /** Not an RPC: run once at agent start, before serving. */
  readonly recoverDeploys: RecoverDeploysUseCase;
  // Revisions, history and rollback.
  readonly history: GetHistoryUseCase;
  readonly rollback: RollbackUseCase;
  /** `mcp secret set|list|rm`. */
  readonly secrets: SecretUseCases;
}

export interface AgentPorts {
  readonly registry: Registry;
  readonly runtime: ContainerRuntime;
  readonly clock: Clock;
  readonly files: ServiceFileStore;
  readonly settings: Pick<AgentSettings, 'nodeName' | 'maxFileSize' | 'settleTimeMs' | 'keepRevisions'>;
  /** Shared by every mutation (and read by the monitor): one service, one change at a time. */
  readonly lock: KeyedLock;
  // The deploy gate and its journal.
  readonly journal: DeployJournal;
  readonly logs: ContainerLogs;
  readonly exec: ContainerExec;
  readonly probe: HealthProbe;
  readonly sleeper: Sleeper;
  /** Secret values; absent: the node holds none (a deploy that references one is refused). */
  readonly secrets?: SecretStore;
}

/** Builds the use cases from their ports; the composition root and the tests wire them the same way. */
export function createAgentUseCases(ports: AgentPorts): AgentUseCases {
  const { registry, runtime, clock, files, settings, lock } = ports;
  const lifecycle = new ServiceLifecycle(registry, runtime, clock, lock);
  const liveCheck = new LiveCheckUseCase(registry, runtime, clock, settings, ports.secrets);
  const deploy = new DeployUseCase({ ...ports, revisions: new RevisionRecorder(registry, runtime, clock, settings) });
  return {
    deploy,
    stop: new StopServiceUseCase(lifecycle, runtime),
    start: new StartServiceUseCase(lifecycle, runtime, ports.secrets),
    restart: new RestartServiceUseCase(lifecycle, runtime, ports.secrets),
    list: new ListServicesUseCase(registry, settings),
    liveCheck,
    status: new GetServiceStatusUseCase(registry, liveCheck),
    sync: new SyncDesiredStateUseCase(registry, runtime, lock, settings),
    adopt: new AdoptContainersUseCase(registry, runtime, clock, lock, settings),
    push: new PushFileUseCase(files, settings),
    pull: new PullFileUseCase(files),
    recoverDeploys: new RecoverDeploysUseCase(registry, ports.journal, runtime, clock, lock),
    history: new GetHistoryUseCase(registry, settings),
    rollback: new RollbackUseCase(registry, runtime, deploy, settings),
    secrets: new SecretUseCases(ports.secrets ?? NO_SECRET_STORE, registry, clock, lock),
  };
}
