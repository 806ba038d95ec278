import { useDockerd } from '../support/docker/dockerd';
import { type SuitePodman, usePodmanFixture } from '../support/podman/podman-fixture';
import { dockerUnderTest } from './docker-under-test';
import { runtimeContract } from './runtime.contract';

let pod: () => SuitePodman;
let dockerd: ReturnType<typeof useDockerd>;

// dockerd pulls the podman fixture's images from its registry on 127.0.0.1.
runtimeContract(
  'DockerRuntime on dockerd',
  () => dockerUnderTest(pod(), dockerd().socketPath, 'contract-dockerd'),
  () => {
    pod = usePodmanFixture();
    dockerd = useDockerd();
  },
);
