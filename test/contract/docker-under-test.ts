import { Agent } from 'node:http';
import { DockerEngine } from '../../src/adapters/runtime/docker/docker-engine';
import { DockerEvents } from '../../src/adapters/runtime/docker/docker-events.adapter';
import { DockerExec } from '../../src/adapters/runtime/docker/docker-exec.adapter';
import { DockerLogs } from '../../src/adapters/runtime/docker/docker-logs.adapter';
import { DockerRuntime } from '../../src/adapters/runtime/docker/docker-runtime.adapter';
import type { SuitePodman } from '../support/podman/podman-fixture';
import type { RuntimeUnderTest } from './runtime-under-test';

/** Requests open on the agent right now (a finished request's connection goes back to the free list). */
function inUse(agent: Agent): import('node:net').Socket[] {
  return Object.values(agent.sockets).flatMap((list) => list ?? []) as import('node:net').Socket[];
}

/**
 * The docker adapter against one engine socket, for the runtime contract.
 * Open streams are the HTTP requests still open on its agent: a log follow
 * or event stream that was let go of has closed its connection.
 */
export async function dockerUnderTest(p: SuitePodman, socketPath: string, imageName: string): Promise<RuntimeUnderTest> {
  const pullableImage = await p.publishImage(imageName, 'v1');
  const agent = new Agent({ keepAlive: true });
  const engine = new DockerEngine({ socketPath, agent, stopTimeoutSeconds: 2 });
  return {
    runtime: new DockerRuntime(engine),
    logs: new DockerLogs(engine),
    exec: new DockerExec(engine),
    events: new DockerEvents(engine),
    pullableImage,
    missingImage: `${p.registry}/mcp-test/missing:v1`,
    name: (label) => p.name(label),
    openStreams: () => inUse(agent).length,
    breakEvents: () => {
      for (const socket of inUse(agent)) socket.destroy();
    },
  };
}
