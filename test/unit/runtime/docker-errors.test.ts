import { expect } from 'chai';
import { engineFailure, toDomainError } from '../../../src/adapters/runtime/docker/docker-errors';
import { ErrorCode } from '../../../src/domain/errors/domain-error';

const SOCKET = '/run/x/docker.sock';

/** What dockerode rejects with when the engine answers with an error status. */
function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json: { message } });
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} ${SOCKET}`), { code });
}

describe('docker errors', () => {
  it('maps an unreachable engine to RUNTIME_UNAVAILABLE, one line naming the socket and why', () => {
    for (const [code, why] of [
      ['ENOENT', 'socket missing'],
      ['ECONNREFUSED', 'nothing listens on it'],
      ['EACCES', 'permission denied'],
    ] as const) {
      const e = toDomainError(socketError(code), 'list containers', SOCKET, 'other');
      expect(e.code).to.equal(ErrorCode.RuntimeUnavailable);
      expect(e.message).to.equal(`list containers: no Docker engine at ${SOCKET} (${why}): start it or fix [agent] runtime_socket`);
      expect(e.message).to.not.contain('\n');
    }
  });

  it('maps an engine whose API is too old or too new for us to RUNTIME_UNAVAILABLE with its words', () => {
    const tooOld = toDomainError(httpError(400, 'client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client'), 'list containers', SOCKET, 'other');
    expect(tooOld.code).to.equal(ErrorCode.RuntimeUnavailable);
    expect(tooOld.message).to.equal(
      `list containers: the Docker engine at ${SOCKET} does not speak API 1.41: client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client`,
    );
    const tooNew = toDomainError(httpError(400, 'client version 1.41 is too new. Maximum supported API version is 1.40'), 'run web', SOCKET, 'other');
    expect(tooNew.code).to.equal(ErrorCode.RuntimeUnavailable);
  });

  it('maps a 404 to CONTAINER_NOT_FOUND for container calls only', () => {
    expect(toDomainError(httpError(404, 'No such container: web'), 'stop web', SOCKET, 'container').code).to.equal(ErrorCode.ContainerNotFound);
    // Creating a container from an image that is not there is a failed run, not a missing container.
    const run = toDomainError(httpError(404, 'No such image: reg/app:v1'), 'run web', SOCKET, 'other');
    expect(run.code).to.equal(ErrorCode.RuntimeFailed);
    expect(run.message).to.equal('run web: No such image: reg/app:v1');
  });

  it('maps every pull failure to IMAGE_PULL_FAILED with the engine message', () => {
    const e = toDomainError(httpError(404, 'manifest for reg/app:v9 not found: manifest unknown'), 'pull reg/app:v9', SOCKET, 'pull');
    expect(e.code).to.equal(ErrorCode.ImagePullFailed);
    expect(e.message).to.equal('pull reg/app:v9: manifest for reg/app:v9 not found: manifest unknown');
    // An error that arrives inside the progress stream is a plain Error.
    expect(toDomainError(new Error('unauthorized'), 'pull reg/app:v1', SOCKET, 'pull').code).to.equal(ErrorCode.ImagePullFailed);
  });

  it('maps conflicts and server errors to RUNTIME_FAILED; says the status when the engine gave no message', () => {
    expect(toDomainError(httpError(409, 'Conflict. The container name "/web" is already in use'), 'run web', SOCKET, 'other').code).to.equal(ErrorCode.RuntimeFailed);
    const bare = toDomainError(Object.assign(new Error(''), { statusCode: 500 }), 'list containers', SOCKET, 'other');
    expect(bare.message).to.equal(`list containers: the engine at ${SOCKET} answered HTTP 500`);
  });

  it("reads dockerode's error without its wrapping", () => {
    expect(engineFailure(Object.assign(new Error('(HTTP code 500) server error - boom '), { statusCode: 500 }))).to.deep.equal({ statusCode: 500, message: 'boom' });
  });
});
