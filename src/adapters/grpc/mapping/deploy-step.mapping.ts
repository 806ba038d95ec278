import { DEPLOY_STEPS, type DeployStep, type DeployStepKind } from '../../../application/shared/results/deploy-step';
import type * as pb from '../generated/mcp/v1/mcp';

export function deployStepToWire(s: DeployStep): pb.DeployStep {
  return { component: s.component, step: s.step, message: s.message ?? '', elapsedMs: Math.max(0, Math.round(s.elapsedMs ?? 0)) };
}

/** A step word this CLI does not know (a newer agent) is shown as its nearest kin, `waiting`, with the word kept in the message. */
export function deployStepFromWire(w: pb.DeployStep): DeployStep {
  const known = (DEPLOY_STEPS as readonly string[]).includes(w.step);
  const message = known ? w.message : [w.step, w.message].filter(Boolean).join(': ');
  return {
    component: w.component,
    step: known ? (w.step as DeployStepKind) : 'waiting',
    ...(message ? { message } : {}),
    ...(w.elapsedMs ? { elapsedMs: w.elapsedMs } : {}),
  };
}
