import { expect } from 'chai';
import { AuthorizeCallUseCase } from '../../../src/application/agent/authorize-call.use-case';
import { RPC_ACCESS, type RpcMethod } from '../../../src/application/agent/access/rpc-access.table';
import { ROLES, accessOf, roleIncludes } from '../../../src/domain/identity/identity';
import { ServiceScope, isValidServiceGlob } from '../../../src/domain/identity/service-scope';
import { FakeTokenValidator } from '../../fakes/fake-token-validator';
import { rejection } from '../../support/rejection';

describe('roles and service scopes (domain)', () => {
  it('orders viewer < deployer < admin', () => {
    expect(ROLES).to.deep.equal(['viewer', 'deployer', 'admin']);
    expect(roleIncludes('admin', 'viewer')).to.equal(true);
    expect(roleIncludes('deployer', 'deployer')).to.equal(true);
    expect(roleIncludes('viewer', 'deployer')).to.equal(false);
    expect(roleIncludes('deployer', 'admin')).to.equal(false);
  });

  it('takes the highest MCP role of an identity and ignores roles MCP does not know', () => {
    expect(accessOf({ username: 'a', roles: ['ops', 'viewer', 'deployer'] })?.role).to.equal('deployer');
    expect(accessOf({ username: 'a', roles: ['admin', 'viewer'] })?.role).to.equal('admin');
    expect(accessOf({ username: 'a', roles: ['ops'] })).to.equal(undefined);
    expect(accessOf({ username: 'a', roles: [] })).to.equal(undefined);
  });

  it('matches services by glob: * any run, ? one character, nothing else special', () => {
    const scope = ServiceScope.of(['metacrypt', 'web-*', 'db?']);
    for (const yes of ['metacrypt', 'web-', 'web-a', 'web-a-b', 'db1']) expect(scope.includes(yes), yes).to.equal(true);
    for (const no of ['metacrypt2', 'xmetacrypt', 'web', 'db', 'db12', 'api']) expect(scope.includes(no), no).to.equal(false);
    expect(ServiceScope.of([]).isAll).to.equal(true);
    expect(ServiceScope.of([]).includes('anything')).to.equal(true);
    expect(ServiceScope.of(['*']).includes('anything')).to.equal(true);
  });

  it('accepts only globs made of name characters, * and ?', () => {
    for (const ok of ['a', 'web-*', '*', 'db?', 'a-b-c']) expect(isValidServiceGlob(ok), ok).to.equal(true);
    for (const bad of ['', 'Web', 'a b', 'a/b', '../x', '[ab]', 'a.b', 'a\\*', 'a'.repeat(65), '.*']) expect(isValidServiceGlob(bad), bad).to.equal(false);
    expect(() => ServiceScope.of(['a/b'])).to.throw(RangeError);
  });
});

describe('AuthorizeCallUseCase', () => {
  const make = () => {
    const validator = new FakeTokenValidator();
    validator.tokens.set('admin', { username: 'kyle', roles: ['admin'] });
    validator.tokens.set('viewer', { username: 'vi', roles: ['viewer'] });
    validator.tokens.set('ci', { username: 'ci', roles: ['deployer'], services: ['web-*'] });
    validator.tokens.set('ops', { username: 'ops', roles: ['ops'] });
    const authorize = new AuthorizeCallUseCase(validator, { nodeName: 'rift' });
    const call = async (token: string, method: RpcMethod, services: string[] = []) => authorize.authorize(await authorize.identify(token), method, services);
    return { authorize, call };
  };

  it('refuses a missing or unknown token as UNAUTHENTICATED', async () => {
    const { authorize } = make();
    expect((await rejection(authorize.identify(undefined))).code).to.equal('UNAUTHENTICATED');
    expect((await rejection(authorize.identify('nope'))).code).to.equal('UNAUTHENTICATED');
  });

  it('lets each role call what RPC_ACCESS gives it, and refuses the rest naming user, role and what is needed', async () => {
    const { call } = make();
    expect((await call('admin', 'PullFile', ['metacrypt'])).role).to.equal('admin');
    expect((await call('viewer', 'ListServices')).role).to.equal('viewer');
    const denied = await rejection(call('viewer', 'Deploy', ['metacrypt']));
    expect([denied.code, denied.message]).to.deep.equal(['PERMISSION_DENIED', 'user vi (viewer) lacks role deployer: Deploy needs it']);
  });

  it('refuses a user with none of the roles, whatever the RPC', async () => {
    const { call } = make();
    for (const method of Object.keys(RPC_ACCESS) as RpcMethod[]) {
      const err = await rejection(call('ops', method, ['web-a']));
      expect([err.code, err.message]).to.deep.equal(['PERMISSION_DENIED', 'user ops has none of the roles viewer, deployer, admin']);
    }
  });

  it('out of scope: a read answers as for an unknown service, an act is refused naming the service', async () => {
    const { call } = make();
    expect((await call('ci', 'Deploy', ['web-a'])).scope.globs).to.deep.equal(['web-*']);
    const read = await rejection(call('ci', 'GetHistory', ['metacrypt']));
    expect([read.code, read.message]).to.deep.equal(['SERVICE_NOT_FOUND', 'service metacrypt is not known on node rift']);
    const act = await rejection(call('ci', 'StopService', ['metacrypt']));
    expect([act.code, act.message]).to.deep.equal(['PERMISSION_DENIED', "user ci may not act on service metacrypt: outside the token's scope (web-*)"]);
    // A whole-node read and a sync are filtered afterwards, not refused.
    expect((await call('ci', 'ListServices')).seesUnmanaged).to.equal(false);
    expect((await call('ci', 'SyncDesiredState', ['metacrypt', 'web-a'])).role).to.equal('deployer');
    expect((await rejection(call('ci', 'RestartService', []))).code).to.equal('PERMISSION_DENIED');
  });

  it('only an admin of every service sees unmanaged containers', async () => {
    const { call } = make();
    expect((await call('admin', 'LiveCheck')).seesUnmanaged).to.equal(true);
    expect((await call('viewer', 'LiveCheck')).seesUnmanaged).to.equal(false);
  });
});
