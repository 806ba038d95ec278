export { type HandMadeContainer, startHandMadeContainer } from './hand-made-container';
export { freePort, type LocalRegistry, startLocalRegistry } from './local-registry';
export { type PodmanEnv, podmanCli, writePodmanConfig } from './podman-env';
export { IMAGE_ENV, mochaHooks, type PodmanFixture, podmanFixture, type SuitePodman, teardownPodmanFixture, usePodmanFixture } from './podman-fixture';
export { type PodmanService, startPodmanService } from './podman-service';
export { BUSYBOX, buildBusyboxRootfs, IDLE_CMD, publishTestImage, type TestImageOptions } from './test-image';
