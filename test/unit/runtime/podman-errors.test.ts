import { expect } from 'chai';
import { isExitedWhileRemoved, podmanMessage, toDomainError } from '../../../src/adapters/runtime/podman/podman-errors';
import { ErrorCode } from '../../../src/domain/errors/domain-error';

const PULL_STDERR = [
  'Trying to pull 127.0.0.1:1/x:y...',
  'time="2026-11-23T22:24:53Z" level=warning msg="Failed, retrying in 1s ... (1/3). Error: initializing source docker://127.0.0.1:1/x:y: pinging container registry 127.0.0.1:1"',
  'Error: initializing source docker://127.0.0.1:1/x:y: pinging container registry 127.0.0.1:1: Get "https://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused',
  '',
].join('\n');

describe('podman errors', () => {
  it("keeps podman's last Error line, without retries and warnings", () => {
    expect(podmanMessage(PULL_STDERR)).to.equal(
      'initializing source docker://127.0.0.1:1/x:y: pinging container registry 127.0.0.1:1: Get "https://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused',
    );
    expect(podmanMessage('just one line\n')).to.equal('just one line');
    expect(podmanMessage('')).to.equal('');
  });

  it('maps a missing binary to RUNTIME_UNAVAILABLE naming the binary', () => {
    const e = toDomainError({ spawnCode: 'ENOENT', timedOut: false, stderr: '' }, 'list containers', '/opt/nope/podman');
    expect(e.code).to.equal(ErrorCode.RuntimeUnavailable);
    expect(e.message).to.contain('/opt/nope/podman');
  });

  it('maps any pull failure to IMAGE_PULL_FAILED with the message', () => {
    const e = toDomainError({ exitCode: 125, timedOut: false, stderr: PULL_STDERR }, 'pull 127.0.0.1:1/x:y', 'podman', true);
    expect(e.code).to.equal(ErrorCode.ImagePullFailed);
    expect(e.message).to.match(/^pull 127\.0\.0\.1:1\/x:y: initializing source .*connection refused$/);
    expect(e.message).to.not.contain('\n');
  });

  it('maps "no such container" to CONTAINER_NOT_FOUND and the rest to RUNTIME_FAILED', () => {
    const nf = toDomainError({ exitCode: 125, timedOut: false, stderr: 'Error: no container with name or ID "nope" found: no such container\n' }, 'stop nope', 'podman');
    expect(nf.code).to.equal(ErrorCode.ContainerNotFound);
    expect(nf.message).to.equal('stop nope: no container with name or ID "nope" found: no such container');
    const other = toDomainError({ exitCode: 125, timedOut: false, stderr: 'Error: localhost/nope:1: image not known\n' }, 'run x', 'podman');
    expect(other.code).to.equal(ErrorCode.RuntimeFailed);
    expect(other.message).to.equal('run x: localhost/nope:1: image not known');
  });

  it('says so when podman timed out or printed nothing', () => {
    expect(toDomainError({ timedOut: true, stderr: '' }, 'list containers', 'podman').message).to.contain('did not answer in time');
    expect(toDomainError({ exitCode: 3, timedOut: false, stderr: '' }, 'start x', 'podman').message).to.equal('start x: podman exited with code 3');
  });

  it('tells an rm that lost the race with the container\'s own exit from a refused rm', () => {
    const raced = [
      'time="2026-12-03T21:25:51Z" level=error msg="container not running"',
      'Error: cannot remove container de405ab17709 as it could not be stopped: sending SIGKILL to container de405ab17709: container state improper: stopped',
    ].join('\n');
    expect(isExitedWhileRemoved(raced)).to.equal(true);
    expect(isExitedWhileRemoved('Error: container de405ab17709 is mounted and cannot be removed without using force: container state improper\n')).to.equal(false);
    expect(isExitedWhileRemoved('Error: no container with name or ID "x" found: no such container\n')).to.equal(false);
  });
});
