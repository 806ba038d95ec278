import type { AgentUseCases } from '../../../application/agent/agent-use-cases';
import type { AgentServiceServer } from '../generated/mcp/v1/mcp';
import { specFromWire } from '../mapping/spec.mapping';
import { liveCheckToWire, nodeViewToWire, outcomeToWire, secretRefsFromWire, statusToWire, syncToWire } from '../mapping/views.mapping';
import { type CallGate, auditedCall } from './audited-call';
import { type ObserveUseCases, observeHandlers } from './observe.handlers';
import { stepsThenResult } from './steps-then-result';
import type { DeployStep } from '../../../application/shared/results/deploy-step';
import type { ServiceOutcome } from '../../../application/shared/results/component-outcome';
import { streamedCall } from './streamed-call';
import { secretHandlers } from './secret.handlers';
import { deployStepToWire } from '../mapping/deploy-step.mapping';
import type { DeployInput } from '../../../application/agent/deploy.use-case';
import type { Caller } from '../../../application/agent/access/caller';
import { scopedRefs, scopedStatus, scopedSync, scopedView, splitSync } from '../../../application/agent/access/scoped-answers';
import { whoAmIToWire } from '../mapping/who-am-i.mapping';
import type * as pb from '../generated/mcp/v1/mcp';
import { historyToWire, rollbackToWire } from '../mapping/revisions.mapping';

function deployInput(r: pb.DeployRequest | pb.DeployWatchRequest, caller: Caller): DeployInput {
  return {
    caller: caller.user,
    ...(r.spec ? { spec: specFromWire(r.spec, 'request: spec') } : {}),
    ...(r.serviceName ? { serviceName: r.serviceName } : {}),
    ...(r.component ? { component: r.component } : {}),
  };
}

/** What the agent says of itself (WhoAmI). */
export interface AgentAbout {
  readonly version: string;
}

/** Thin handlers: wire → domain, one use case, domain → wire. Nothing else happens here. */
export function agentServiceHandlers(uc: AgentUseCases, gate: CallGate, observe: ObserveUseCases, about: AgentAbout): AgentServiceServer {
  return {
    ...observeHandlers(observe, gate),
    ...secretHandlers(uc.secrets, gate),
    deploy: auditedCall('Deploy', gate, async (r, caller) => outcomeToWire(await uc.deploy.execute(deployInput(r, caller)))),
    deployWatch: streamedCall<pb.DeployWatchRequest, pb.DeployWatchResponse>('DeployWatch', gate, (r, signal, caller) =>
      stepsThenResult<DeployStep, ServiceOutcome, pb.DeployWatchResponse>(
        (onStep) => uc.deploy.execute(deployInput(r, caller), onStep),
        (step) => ({ step: deployStepToWire(step) }),
        (outcome) => ({ result: outcomeToWire(outcome) }),
        signal,
      ),
    ),
    stopService: auditedCall('StopService', gate, async (r) => outcomeToWire(await uc.stop.execute(r.service))),
    startService: auditedCall('StartService', gate, async (r) => outcomeToWire(await uc.start.execute(r.service))),
    restartService: auditedCall('RestartService', gate, async (r) => outcomeToWire(await uc.restart.execute(r.service))),
    // Reads answer only what the caller's scope holds (scoped-answers): filtered here, never sent.
    listServices: auditedCall('ListServices', gate, async (_r, caller) => nodeViewToWire(scopedView(await uc.list.execute(), caller))),
    liveCheck: auditedCall('LiveCheck', gate, async (r, caller) =>
      liveCheckToWire(scopedView(await uc.liveCheck.execute({ secretRefs: scopedRefs(secretRefsFromWire(r.secretRefs), caller) }), caller)),
    ),
    getServiceStatus: auditedCall('GetServiceStatus', gate, async (r, caller) =>
      statusToWire(scopedStatus(await uc.status.execute({ ...(r.service ? { service: r.service } : {}), eventLimit: r.eventLimit }), caller)),
    ),
    syncDesiredState: auditedCall('SyncDesiredState', gate, async (r, caller, refused) => {
      const { inScope, skipped } = splitSync(r.services.map((s, i) => specFromWire(s, `request: services[${i}]`)), caller);
      for (const s of skipped) refused(s.service, s.details.join('; '));
      return syncToWire(scopedSync(await uc.sync.execute(inScope), skipped, caller));
    }),
    adoptContainer: auditedCall('AdoptContainer', gate, async (r) => outcomeToWire(await uc.adopt.execute(r.service))),
    pushFile: auditedCall('PushFile', gate, async (r) => uc.push.execute({ service: r.service, path: r.path, content: r.content, mode: r.mode })),
    pullFile: auditedCall('PullFile', gate, async (r) => {
      const file = await uc.pull.execute({ service: r.service, path: r.path });
      return { content: Buffer.from(file.content), mode: file.mode };
    }),
    // Revisions, history and rollback.
    getHistory: auditedCall('GetHistory', gate, async (r) => historyToWire(await uc.history.execute(r.service))),
    rollback: auditedCall('Rollback', gate, async (r, caller) =>
      rollbackToWire(await uc.rollback.execute({ service: r.service, caller: caller.user, ...(r.to !== 0 ? { to: r.to } : {}) })),
    ),
    whoAmI: auditedCall('WhoAmI', gate, async (_r, caller) => whoAmIToWire(caller, about.version)),
  };
}
