import { Metadata, status } from '@grpc/grpc-js';
import { expect } from 'chai';
import { nodeFailure, timedOut } from '../../../src/adapters/grpc/client/node-failure';
import { toGrpcError } from '../../../src/adapters/grpc/mapping/error-status.mapping';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';

const ADDRESS = 'vade.example:9444';
const channel = (details: string) => ({ code: status.UNAVAILABLE, details, metadata: new Metadata() });
const words = (e: unknown, tls?: Error) => {
  const d = nodeFailure(e, 'vade', ADDRESS, tls);
  return [d.code, d.message];
};

describe('node failures in words, not grpc-js internals', () => {
  it('a time-out says how long and how far the connection got', () => {
    expect(timedOut('vade', 5000, 'connecting').message).to.equal('node vade unavailable: timed out after 5s (no TCP connection)');
    expect(timedOut('vade', 2000, 'tls').message).to.equal('node vade unavailable: timed out after 2s (connected, but the TLS handshake got no answer)');
    expect(timedOut('vade', 500, 'connected').message).to.equal('node vade unavailable: timed out after 500ms (connected, but no answer)');
    expect(timedOut('vade', 5000, 'tls').code).to.equal('NODE_UNAVAILABLE');
  });

  it('the errno of a failed connect, and the address dialled', () => {
    const quoted = (errno: string) => channel(`No connection established. Last error: Error: connect ${errno} 10.0.0.2:9444. Resolution note: `);
    expect(words(quoted('ECONNREFUSED'))).to.deep.equal(['NODE_UNAVAILABLE', `node vade unavailable: connection refused (${ADDRESS})`]);
    expect(words(quoted('EHOSTUNREACH'))).to.deep.equal(['NODE_UNAVAILABLE', `node vade unavailable: no route to host (${ADDRESS})`]);
    expect(words(quoted('ENETUNREACH'))).to.deep.equal(['NODE_UNAVAILABLE', `node vade unavailable: network unreachable (${ADDRESS})`]);
  });

  it('a name that does not resolve', () => {
    expect(words(channel('Name resolution failed for target dns:vade.example:9444'))).to.deep.equal(['NODE_UNAVAILABLE', `node vade unavailable: cannot resolve the host of ${ADDRESS}`]);
  });

  it('a failed TLS handshake: TLS: <why>, from the handshake itself', () => {
    const why = new Error('self-signed certificate in certificate chain');
    expect(words(channel('No connection established. Last error: Error: self-signed certificate in certificate chain'), why)).to.deep.equal([
      'NODE_UNAVAILABLE',
      'node vade unavailable: TLS: self-signed certificate in certificate chain',
    ]);
  });

  it('a token the agent refuses, whether it said so or only the status did', () => {
    const fromAgent = toGrpcError(new DomainError(ErrorCode.Unauthenticated, 'invalid or expired token: run "mcp login"'));
    expect(words(fromAgent)).to.deep.equal(['UNAUTHENTICATED', 'node vade: token refused: invalid or expired token: run "mcp login"']);
    expect(words({ code: status.UNAUTHENTICATED, details: 'bad token', metadata: new Metadata() })[1]).to.equal('node vade: token refused: bad token');
  });

  it("an agent's own error keeps its code and words, even UNAVAILABLE ones", () => {
    const shutting = toGrpcError(new DomainError(ErrorCode.NodeUnavailable, 'the agent is shutting down; run the command again once it is back'));
    expect(words(shutting)).to.deep.equal(['NODE_UNAVAILABLE', 'node vade: the agent is shutting down; run the command again once it is back']);
    expect(words(toGrpcError(new DomainError(ErrorCode.ServiceNotFound, 'service x is not known')))).to.deep.equal(['SERVICE_NOT_FOUND', 'node vade: service x is not known']);
  });

  it('anything else falls back to the status mapping', () => {
    expect(words(channel('Connection dropped'))).to.deep.equal(['NODE_UNAVAILABLE', 'node vade unavailable: Connection dropped']);
    expect(words(new Error('odd'))).to.deep.equal(['INTERNAL', 'node vade: odd']);
  });
});
