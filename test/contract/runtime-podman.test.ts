import { type SuitePodman, usePodmanFixture } from '../support/podman/podman-fixture';
import { runtimeContract } from './runtime.contract';

let pod: () => SuitePodman;

runtimeContract(
  'PodmanRuntime',
  async () => {
    const p = pod();
    // Its own tag, so that this suite's first pull is a real one whatever ran before.
    const pullableImage = await p.publishImage('contract', 'v1');
    return { runtime: p.runtime(), pullableImage, missingImage: `${p.registry}/mcp-test/missing:v1`, name: (label) => p.name(label) };
  },
  () => {
    pod = usePodmanFixture();
  },
);
