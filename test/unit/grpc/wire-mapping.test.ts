import { expect } from 'chai';
import { Metadata, status } from '@grpc/grpc-js';
import { ERROR_CODE_KEY, fromGrpcError, toGrpcError } from '../../../src/adapters/grpc/mapping/error-status.mapping';
import { specFromWire, specToWire } from '../../../src/adapters/grpc/mapping/spec.mapping';
import { desiredState, observedState, pullPolicy } from '../../../src/adapters/grpc/mapping/states.mapping';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import { createServiceSpec } from '../../../src/domain/service/service-spec';
import { DESIRED_STATES, OBSERVED_STATES } from '../../../src/domain/state/states';

describe('wire mapping', () => {
  const full = createServiceSpec(
    {
      name: 'metacrypt',
      node: 'rift',
      active: false,
      components: [
        { name: 'api', image: 'reg/m:v1', network: 'mcpnet', user: '0:0', restart: 'always', ports: ['127.0.0.1:1:1'], volumes: ['/a:/b:Z'], cmd: ['x', '--y'], env: { A: '1' }, pull: 'never' },
        { name: 'web', image: 'reg/w:v2' },
      ],
    },
    'test',
  );

  it('carries a spec there and back unchanged', () => {
    expect(specFromWire(specToWire(full), 'request')).to.deep.equal(full);
  });

  it('reads unset wire fields as the defaults a file would get', () => {
    const wire = specToWire(full);
    wire.components[0] = { ...wire.components[0]!, pull: 0, restart: '', network: '', user: '' };
    const back = specFromWire(wire, 'request').components[0]!;
    expect([back.pull, back.restart, back.network, back.user]).to.deep.equal(['always', 'unless-stopped', undefined, undefined]);
  });

  it('refuses an unknown pull value naming the field', () => {
    const wire = specToWire(full);
    wire.components[1] = { ...wire.components[1]!, pull: 42 as never };
    expect(() => specFromWire(wire, 'request: spec')).to.throw(/request: spec: components\[1\]\.pull: unknown value 42/);
  });

  it('maps every state both ways', () => {
    for (const d of DESIRED_STATES) expect(desiredState.fromWire(desiredState.toWire(d))).to.equal(d);
    for (const o of OBSERVED_STATES) expect(observedState.fromWire(observedState.toWire(o))).to.equal(o);
    for (const p of ['always', 'missing', 'never'] as const) expect(pullPolicy.fromWire(pullPolicy.toWire(p))).to.equal(p);
    expect(observedState.fromWire(99)).to.equal('unknown');
  });

  it('gives every domain code a status and brings the same code back', () => {
    for (const code of Object.values(ErrorCode)) {
      const wire = toGrpcError(new DomainError(code, `because ${code}`));
      expect(wire.code, code).to.be.a('number');
      const back = fromGrpcError({ ...wire, message: '' }, 'rift');
      expect(back.code).to.equal(code);
      expect(back.message).to.equal(`node rift: because ${code}`);
    }
    expect(toGrpcError(new DomainError(ErrorCode.ServiceNotFound, 'x')).code).to.equal(status.NOT_FOUND);
    expect(toGrpcError(new DomainError(ErrorCode.PermissionDenied, 'x')).code).to.equal(status.PERMISSION_DENIED);
    expect(toGrpcError(new DomainError(ErrorCode.FileTooLarge, 'x')).code).to.equal(status.RESOURCE_EXHAUSTED);
    expect(toGrpcError(new DomainError(ErrorCode.WrongNode, 'x')).code).to.equal(status.FAILED_PRECONDITION);
  });

  it('hides nothing and leaks nothing for an unexpected error: INTERNAL with its message', () => {
    const wire = toGrpcError(new TypeError('boom'));
    expect(wire.code).to.equal(status.INTERNAL);
    expect(wire.metadata!.get(ERROR_CODE_KEY)).to.deep.equal(['INTERNAL']);
    expect(wire.details).to.equal('internal error: boom');
  });

  it('names an unreachable node when the status came from the channel, not the agent', () => {
    const e = fromGrpcError({ code: status.UNAVAILABLE, details: 'No connection established', metadata: new Metadata() }, 'vade');
    expect(e.code).to.equal('NODE_UNAVAILABLE');
    expect(e.message).to.equal('node vade unavailable: No connection established');
  });
});
