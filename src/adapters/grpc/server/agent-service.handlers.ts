import type { AdoptContainersUseCase } from '../../../application/use-cases/adopt-containers.use-case';
import type { DeployUseCase } from '../../../application/use-cases/deploy.use-case';
import type { GetServiceStatusUseCase } from '../../../application/use-cases/get-service-status.use-case';
import type { ListServicesUseCase } from '../../../application/use-cases/list-services.use-case';
import type { LiveCheckUseCase } from '../../../application/use-cases/live-check.use-case';
import type { PullFileUseCase } from '../../../application/use-cases/pull-file.use-case';
import type { PushFileUseCase } from '../../../application/use-cases/push-file.use-case';
import type { RestartServiceUseCase } from '../../../application/use-cases/restart-service.use-case';
import type { StartServiceUseCase } from '../../../application/use-cases/start-service.use-case';
import type { StopServiceUseCase } from '../../../application/use-cases/stop-service.use-case';
import type { SyncDesiredStateUseCase } from '../../../application/use-cases/sync-desired-state.use-case';
import type { AgentServiceServer } from '../generated/mcp/v1/mcp';
import { specFromWire } from '../mapping/spec.mapping';
import { nodeViewToWire, outcomeToWire, statusToWire, syncToWire } from '../mapping/views.mapping';
import { type CallGate, auditedCall } from './audited-call';

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
}

/** Thin handlers: wire → domain, one use case, domain → wire. Nothing else happens here. */
export function agentServiceHandlers(uc: AgentUseCases, gate: CallGate): AgentServiceServer {
  return {
    deploy: auditedCall('Deploy', gate, async (r) =>
      outcomeToWire(
        await uc.deploy.execute({
          ...(r.spec ? { spec: specFromWire(r.spec, 'request: spec') } : {}),
          ...(r.serviceName ? { serviceName: r.serviceName } : {}),
          ...(r.component ? { component: r.component } : {}),
        }),
      ),
    ),
    stopService: auditedCall('StopService', gate, async (r) => outcomeToWire(await uc.stop.execute(r.service))),
    startService: auditedCall('StartService', gate, async (r) => outcomeToWire(await uc.start.execute(r.service))),
    restartService: auditedCall('RestartService', gate, async (r) => outcomeToWire(await uc.restart.execute(r.service))),
    listServices: auditedCall('ListServices', gate, async () => nodeViewToWire(await uc.list.execute())),
    liveCheck: auditedCall('LiveCheck', gate, async () => nodeViewToWire(await uc.liveCheck.execute())),
    getServiceStatus: auditedCall('GetServiceStatus', gate, async (r) =>
      statusToWire(await uc.status.execute({ ...(r.service ? { service: r.service } : {}), eventLimit: r.eventLimit })),
    ),
    syncDesiredState: auditedCall('SyncDesiredState', gate, async (r) =>
      syncToWire(await uc.sync.execute(r.services.map((s, i) => specFromWire(s, `request: services[${i}]`)))),
    ),
    adoptContainer: auditedCall('AdoptContainer', gate, async (r) => outcomeToWire(await uc.adopt.execute(r.service))),
    pushFile: auditedCall('PushFile', gate, async (r) => uc.push.execute({ service: r.service, path: r.path, content: r.content, mode: r.mode })),
    pullFile: auditedCall('PullFile', gate, async (r) => {
      const file = await uc.pull.execute({ service: r.service, path: r.path });
      return { content: Buffer.from(file.content), mode: file.mode };
    }),
  };
}
