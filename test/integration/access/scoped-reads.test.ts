import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CachingTokenValidator } from '../../../src/adapters/identity/cache/caching-token-validator';
import { TokensFileProvider } from '../../../src/adapters/identity/tokens-file/tokens-file-provider';
import { SystemClock } from '../../../src/adapters/clock/system/system-clock';
import type { NodeEvent } from '../../../src/domain/events/transition-event';
import { publish, spec } from '../../unit/agent/agent-sut';
import { ADMIN, HARNESS_AGENT_VERSION, VIEWER, startGrpcHarness } from '../grpc/grpc-harness';
import { rejection } from '../../support/rejection';

type Harness = Awaited<ReturnType<typeof startGrpcHarness>>;

const SCOPED_VIEWER = 'dash-token';
const SCOPED_DEPLOYER = 'ci-token';
const svc = (name: string, image = `reg/${name}:v1`) => spec({ name, components: [{ name: 'app', image }] });

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe('scoped tokens: every read leaves out what is outside the scope, on the agent', function () {
  this.timeout(30_000);
  let h: Harness;

  beforeEach(async () => {
    h = await startGrpcHarness();
    h.validator.tokens.set(SCOPED_VIEWER, { username: 'dash', roles: ['viewer'], services: ['web-*'] });
    h.validator.tokens.set(SCOPED_DEPLOYER, { username: 'ci', roles: ['deployer'], services: ['web-*'] });
    const admin = h.gateway(ADMIN);
    for (const name of ['web-a', 'web-b', 'metacrypt']) {
      publish(h.runtime, svc(name));
      await admin.deploy({ spec: svc(name) });
    }
    h.runtime.addContainer({ name: 'legacy-app', image: 'reg/legacy:v3' });
    await admin.sync([svc('web-a'), svc('web-b'), svc('metacrypt')]);
  });
  afterEach(async () => h.close());

  const names = (view: { services: readonly { spec: { name: string } }[] }) => view.services.map((s) => s.spec.name).sort();

  it('list and ps (ListServices, LiveCheck): only the scope\'s services, no unmanaged containers below an admin of all', async () => {
    const admin = h.gateway(ADMIN);
    expect(names(await admin.list())).to.deep.equal(['metacrypt', 'web-a', 'web-b']);
    expect((await admin.liveCheck()).unmanaged.map((u) => u.name)).to.deep.equal(['legacy-app']);
    for (const token of [SCOPED_VIEWER, SCOPED_DEPLOYER]) {
      for (const view of [await h.gateway(token).list(), await h.gateway(token).liveCheck()]) {
        expect(names(view)).to.deep.equal(['web-a', 'web-b']);
        expect(view.unmanaged).to.deep.equal([]);
      }
    }
    // Unscoped, but below admin: every service, still no unmanaged container.
    const viewer = await h.gateway(VIEWER).liveCheck();
    expect([names(viewer), viewer.unmanaged]).to.deep.equal([['metacrypt', 'web-a', 'web-b'], []]);
  });

  it('LiveCheck asked about secret references: missing ones over the wire, only those in the scope', async () => {
    const refs = [
      { service: 'web-a', name: 'db-password' },
      { service: 'metacrypt', name: 'db-password' },
    ];
    expect((await h.gateway(ADMIN).liveCheck({ secretRefs: refs })).missingSecrets).to.deep.equal(refs);
    expect((await h.gateway(SCOPED_VIEWER).liveCheck({ secretRefs: refs })).missingSecrets).to.deep.equal([refs[0]]);
    expect((await h.gateway(ADMIN).liveCheck()).missingSecrets).to.equal(undefined);
  });

  it('status: the whole node holds only the scope; a service outside answers exactly as one that does not exist', async () => {
    const gw = h.gateway(SCOPED_VIEWER);
    expect((await gw.status({})).services.map((s) => s.service.spec.name).sort()).to.deep.equal(['web-a', 'web-b']);
    const outside = await rejection(gw.status({ service: 'metacrypt' }));
    const ghost = await rejection(h.gateway(ADMIN).status({ service: 'ghost' }));
    expect([outside.code, outside.message]).to.deep.equal([ghost.code, ghost.message.replace('ghost', 'metacrypt')]);
  });

  it('history and logs of a service outside the scope: SERVICE_NOT_FOUND, as for a service that does not exist', async () => {
    const gw = h.gateway(SCOPED_VIEWER);
    expect((await gw.history('web-a')).service).to.equal('web-a');
    const outside = await rejection(gw.history('metacrypt'));
    const ghost = await rejection(h.gateway(ADMIN).history('ghost'));
    expect([outside.code, outside.message]).to.deep.equal([ghost.code, ghost.message.replace('ghost', 'metacrypt')]);
    const logsOutside = await rejection(collect(gw.logs({ service: 'metacrypt', follow: false })));
    const logsGhost = await rejection(collect(h.gateway(ADMIN).logs({ service: 'ghost', follow: false })));
    expect([logsOutside.code, logsOutside.message]).to.deep.equal([logsGhost.code, logsGhost.message.replace('ghost', 'metacrypt')]);
    await collect(gw.logs({ service: 'web-a', follow: false }));
  });

  it('events: history and live events of other services are never sent; naming one outside is SERVICE_NOT_FOUND', async () => {
    const event = (service: string, at: number): NodeEvent => ({ kind: 'transition', service, component: 'app', from: 'running', to: 'exited', at: new Date(at) });
    await h.publishing.addEvents([event('metacrypt', 1000), event('web-a', 2000)]);
    const controller = new AbortController();
    const seen: NodeEvent[] = [];
    let caughtUp = false;
    const follow = (async () => {
      for await (const batch of h.gateway(SCOPED_VIEWER).events({ follow: true }, controller.signal)) {
        seen.push(...batch.events);
        if (batch.caughtUp) {
          caughtUp = true;
          await h.publishing.addEvents([event('metacrypt', 3000), event('web-b', 4000)]);
        }
        if (caughtUp && seen.some((e) => e.at.getTime() === 4000)) controller.abort();
      }
    })();
    await follow;
    expect(caughtUp).to.equal(true);
    // The deploys recorded events too: only these four, of which the two of metacrypt must be missing.
    const mine = seen.filter((e) => [1000, 2000, 3000, 4000].includes(e.at.getTime()));
    expect(mine.map((e) => e.service)).to.deep.equal(['web-a', 'web-b']);
    expect(seen.every((e) => e.service.startsWith('web-'))).to.equal(true);
    expect(seen.length).to.be.greaterThan(2);
    const all = (await collect(h.gateway(SCOPED_VIEWER).events({ follow: false }))).flatMap((b) => b.events);
    expect(all.filter((e) => [1000, 2000, 3000, 4000].includes(e.at.getTime())).map((e) => e.service)).to.deep.equal(['web-a', 'web-b']);
    expect(all.every((e) => e.service.startsWith('web-'))).to.equal(true);
    const outside = await rejection(collect(h.gateway(SCOPED_VIEWER).events({ service: 'metacrypt', follow: false })));
    const ghost = await rejection(collect(h.gateway(ADMIN).events({ service: 'ghost', follow: false })));
    expect([outside.code, outside.message]).to.deep.equal([ghost.code, ghost.message.replace('ghost', 'metacrypt')]);
  });

  it('sync by a scoped deployer changes only its services, says which it skipped, and reports nothing of the others', async () => {
    const before = await h.registry.getService('metacrypt');
    const out = await h.gateway(SCOPED_DEPLOYER).sync([svc('web-a', 'reg/web-a:v2'), svc('metacrypt', 'reg/metacrypt:v9')]);
    expect(out.results.map((r) => [r.service, r.change])).to.deep.equal([
      ['web-a', 'updated'],
      ['web-b', 'not-sent'],
      ['metacrypt', 'skipped'],
    ]);
    expect(out.results[2]!.details).to.deep.equal(["outside the token's scope (web-*); left as it is"]);
    expect(out.unmanaged).to.deep.equal([]);
    expect(await h.registry.getService('metacrypt')).to.deep.equal(before);
    expect((await h.registry.getService('web-a'))!.components[0]!.spec.image).to.equal('reg/web-a:v2');
    // The refusal of metacrypt is audited as one of its own, beside the call's line.
    const lines = h.audit.lines.filter((l) => l.fields['audit'] === true && l.fields['method'] === 'SyncDesiredState').slice(-2);
    expect(lines.map((l) => [l.fields['service'], l.fields['code'], l.fields['user'], l.fields['role']])).to.deep.equal([
      ['metacrypt', 'PERMISSION_DENIED', 'ci', 'deployer'],
      ['web-a,metacrypt', 'OK', 'ci', 'deployer'],
    ]);
  });

  it('acts on a service outside the scope are PERMISSION_DENIED naming it, and nothing is touched', async () => {
    const gw = h.gateway(SCOPED_DEPLOYER);
    const calls = h.runtime.calls.length;
    for (const act of [() => gw.stop('metacrypt'), () => gw.restart('metacrypt'), () => gw.deploy({ serviceName: 'metacrypt' }), () => gw.rollback({ service: 'metacrypt' })]) {
      const err = await rejection(act());
      expect([err.code, err.message]).to.deep.equal(['PERMISSION_DENIED', "node rift: user ci may not act on service metacrypt: outside the token's scope (web-*)"]);
    }
    expect(h.runtime.calls.length).to.equal(calls);
    expect((await gw.restart('web-a')).results.map((r) => [r.component, r.ok])).to.deep.equal([['app', true]]);
  });

  it('whoami: user, role and scope of the token', async () => {
    expect(await h.gateway(SCOPED_DEPLOYER).whoami()).to.deep.equal({ user: 'ci', role: 'deployer', services: ['web-*'], agentVersion: HARNESS_AGENT_VERSION });
    expect(await h.gateway(ADMIN).whoami()).to.deep.equal({ user: 'kyle', role: 'admin', services: [], agentVersion: HARNESS_AGENT_VERSION });
  });
});

describe('revocation on a running agent (tokens file behind the 30 s validation cache)', function () {
  this.timeout(30_000);
  let h: Harness;
  let dir: string;
  let file: TokensFileProvider;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-revoke-'));
    file = new TokensFileProvider({ path: join(dir, 'tokens') });
    h = await startGrpcHarness({ tokens: new CachingTokenValidator(file, new SystemClock()) });
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a revoked token is refused on its very next call, by user or by hash, while the others keep working', async () => {
    const ci = await file.issue('ci', ['deployer'], ['web-*']);
    const kyle = await file.issue('kyle', ['admin']);
    const dash = await file.issue('dash', ['viewer']);
    // Cached now: a later answer comes from the cache unless the file moved.
    expect(await h.gateway(ci).whoami()).to.deep.equal({ user: 'ci', role: 'deployer', services: ['web-*'], agentVersion: HARNESS_AGENT_VERSION });
    expect((await h.gateway(dash).whoami()).user).to.equal('dash');
    await file.revoke({ user: 'ci' });
    expect((await rejection(h.gateway(ci).whoami())).code).to.equal('UNAUTHENTICATED');
    const [dashHash] = (await file.list()).filter((t) => t.user === 'dash').map((t) => t.hashPrefix);
    await file.revoke({ hashPrefix: dashHash! });
    expect((await rejection(h.gateway(dash).list())).code).to.equal('UNAUTHENTICATED');
    expect((await h.gateway(kyle).whoami()).user).to.equal('kyle');
  });
});
