import { type SuitePodman, usePodmanFixture } from '../support/podman/podman-fixture';
import { dockerUnderTest } from './docker-under-test';
import { runtimeContract } from './runtime.contract';

let pod: () => SuitePodman;

// podman's Docker-compatible socket: the fixture's `podman system service`.
runtimeContract(
  "DockerRuntime on podman's socket",
  () => dockerUnderTest(pod(), pod().dockerHost.replace(/^unix:\/\//, ''), 'contract-compat'),
  () => {
    pod = usePodmanFixture();
  },
);
