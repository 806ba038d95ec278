import type { GrpcAgentGateway } from '../../../src/adapters/grpc/client/grpc-agent.gateway';
import { type RunningAgent, adminGateway } from './agent-process';

/**
 * Call inside a describe: the agents (and gateways to them) a suite starts,
 * all ended after it. An agent with a process group of its own goes with its
 * children (a failed test may leave it waiting on a held podman); only the
 * last agent of a restart chain owns the files, so they end newest first.
 */
export function useAgents(): { track(agent: RunningAgent): RunningAgent; gatewayTo(agent: RunningAgent): GrpcAgentGateway } {
  const agents: RunningAgent[] = [];
  const gateways: GrpcAgentGateway[] = [];
  after(async () => {
    gateways.splice(0).forEach((g) => g.close());
    for (const a of agents.splice(0).reverse()) {
      await a.killGroup().catch(() => undefined);
      await a.cleanup().catch(() => undefined);
    }
  });
  return {
    track: (agent) => {
      agents.push(agent);
      return agent;
    },
    gatewayTo: (agent) => {
      const g = adminGateway(agent);
      gateways.push(g);
      return g;
    },
  };
}
