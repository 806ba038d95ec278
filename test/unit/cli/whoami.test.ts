import { expect } from 'chai';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import { makeSut, runMcp } from './cli-sut';

describe('mcp whoami (in-process, over fakes)', () => {
  it('prints user, role and scope per node; a token limited to nothing shows *', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').whoami = { user: 'ci', role: 'deployer', services: ['metacrypt', 'web-*'] };
    sut.gateways.node('vade').whoami = { user: 'ci', role: 'viewer', services: [] };
    const r = await runMcp(sut, ['whoami']);
    expect([r.code, r.stderr]).to.deep.equal([0, '']);
    expect(r.stdout).to.equal('NODE  USER  ROLE      SERVICES\nrift  ci    deployer  metacrypt,web-*\nvade  ci    viewer    *\n');
    expect(sut.gateways.callsTo('whoami').map((c) => c.node)).to.deep.equal(['rift', 'vade']);
  });

  it('--json: one entry per node with user, role and services (empty = every service); a refused node is an error row, exit 3', async () => {
    const sut = makeSut();
    sut.gateways.failNode('vade', new DomainError(ErrorCode.PermissionDenied, 'node vade: user ci has none of the roles viewer, deployer, admin'));
    const r = await runMcp(sut, ['--json', 'whoami']);
    expect(r.code).to.equal(3);
    expect(JSON.parse(r.stdout)).to.deep.equal({
      nodes: [
        { node: 'rift', ok: true, user: 'kyle', role: 'admin', services: [] },
        { node: 'vade', ok: false, error: { code: 'PERMISSION_DENIED', message: 'node vade: user ci has none of the roles viewer, deployer, admin' } },
      ],
    });
  });
});
