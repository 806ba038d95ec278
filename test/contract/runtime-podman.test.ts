import { PodmanEvents } from '../../src/adapters/runtime/podman/podman-events.adapter';
import { PodmanExec } from '../../src/adapters/runtime/podman/podman-exec.adapter';
import { PodmanLogs } from '../../src/adapters/runtime/podman/podman-logs.adapter';
import { childrenRunning } from '../support/child-processes';
import { type SuitePodman, usePodmanFixture } from '../support/podman/podman-fixture';
import { runtimeContract } from './runtime.contract';

let pod: () => SuitePodman;

runtimeContract(
  'PodmanRuntime',
  async () => {
    const p = pod();
    // Its own tag, so that this suite's first pull is a real one whatever ran before.
    const pullableImage = await p.publishImage('contract', 'v1');
    const cli = { env: { ...p.env } };
    return {
      runtime: p.runtime(),
      logs: new PodmanLogs(cli),
      exec: new PodmanExec(cli),
      events: new PodmanEvents(cli),
      pullableImage,
      missingImage: `${p.registry}/mcp-test/missing:v1`,
      name: (label) => p.name(label),
      openStreams: (kind) => childrenRunning('podman', kind).length,
      breakEvents: () => {
        for (const child of childrenRunning('podman', 'events')) process.kill(child.pid, 'SIGKILL');
      },
    };
  },
  () => {
    pod = usePodmanFixture();
  },
);
