import { expect } from 'chai';
import { credentials } from '@grpc/grpc-js';
import { HealthClient } from './health-client';
import { makeUnrelatedCerts } from '../../support/tls/test-ca';
import { publish, spec } from '../../unit/agent/agent-sut';
import { ADMIN, VIEWER, startGrpcHarness } from './grpc-harness';
import { MAX_MESSAGE_BYTES } from '../../../src/adapters/grpc/client/grpc-agent-gateway.factory';
import { rejection } from '../../support/rejection';
import { waitFor } from '../../support/wait-for';

type Harness = Awaited<ReturnType<typeof startGrpcHarness>>;

describe('agent gRPC over TLS (127.0.0.1)', function () {
  this.timeout(30000);
  let h: Harness;
  beforeEach(async () => (h = await startGrpcHarness()));
  afterEach(async () => h.close());

  it('deploys, lists, checks live and reports status through the wire', async () => {
    publish(h.runtime, spec());
    const gw = h.gateway();
    const deployed = await gw.deploy({ spec: spec() });
    expect(deployed.results.map((r) => [r.component, r.ok, r.observed, r.version])).to.deep.equal([
      ['api', true, 'running', 'v1.2.0'],
      ['web', true, 'running', 'v1.2.0'],
    ]);
    const list = await gw.list();
    expect(list.node).to.equal('rift');
    expect(list.services[0]!.spec).to.deep.equal(spec());
    await h.runtime.stop('metacrypt-api');
    const status = await gw.status({ service: 'metacrypt' });
    const api = status.services[0]!.service.components[0]!;
    expect([api.observed, api.drift]).to.deep.equal(['exited', true]);
    expect(status.services[0]!.recentEvents[0]).to.include({ component: 'api', from: 'running', to: 'exited' });
    expect(status.services[0]!.recentEvents[0]!.at).to.be.instanceOf(Date);
  });

  it('carries per-component failures without failing the call', async () => {
    h.runtime.published.add('reg/metacrypt-web:v1.2.0');
    const out = await h.gateway().deploy({ spec: spec() });
    expect(out.results.map((r) => [r.component, r.ok, r.restored, r.error?.code])).to.deep.equal([
      ['api', false, true, 'IMAGE_PULL_FAILED'],
      ['web', false, true, 'DEPLOY_UNDONE'],
    ]);
  });

  it('syncs and adopts through the wire', async () => {
    h.runtime.addContainer({ name: 'legacy-app', image: 'reg/legacy:v3', env: { A: 'b' } });
    const gw = h.gateway();
    const synced = await gw.sync([spec(), spec({ name: 'idle', active: false })]);
    expect(synced.results.map((r) => [r.service, r.change])).to.deep.equal([
      ['metacrypt', 'created'],
      ['idle', 'created'],
    ]);
    expect(synced.unmanaged.map((u) => u.name)).to.deep.equal(['legacy-app']);
    const adopted = await gw.adopt('legacy');
    expect(adopted.results.map((r) => [r.container, r.component, r.desired])).to.deep.equal([['legacy-app', 'app', 'running']]);
    const list = await gw.list();
    expect(list.services.find((s) => s.spec.name === 'legacy')!.spec.components[0]!.env).to.deep.equal({ A: 'b' });
  });

  it('maps domain errors to statuses and back to the same code', async () => {
    const gw = h.gateway();
    const notFound = await gw.stop('ghost').catch((e) => e);
    expect(notFound.code).to.equal('SERVICE_NOT_FOUND');
    expect(notFound.message).to.match(/node rift: service ghost is not known/);
    expect((await gw.deploy({ spec: spec({ node: 'elsewhere' }) }).catch((e) => e)).code).to.equal('WRONG_NODE');
    expect((await gw.push({ service: 'metacrypt', path: '../x', content: Buffer.from('a'), mode: 0 }).catch((e) => e)).code).to.equal('INVALID_PATH');
    expect((await gw.adopt('--privileged').catch((e) => e)).code).to.equal('INVALID_NAME');
  });

  it('validates specs arriving over the wire like a file', async () => {
    const bad = { ...spec(), components: [{ ...spec().components[0]!, image: '--privileged' }] };
    const err = await h.gateway().deploy({ spec: bad }).catch((e) => e);
    expect(err.code).to.equal('INVALID_SPEC');
    expect(err.message).to.match(/request: spec: components\[0\]\.image/);
    expect(await h.registry.listServices()).to.deep.equal([]);
  });

  it('refuses a missing or unknown token as UNAUTHENTICATED and a role too low as PERMISSION_DENIED, auditing each', async () => {
    expect((await h.gateway('').list().catch((e) => e)).code).to.equal('UNAUTHENTICATED');
    expect((await h.gateway('forged').list().catch((e) => e)).code).to.equal('UNAUTHENTICATED');
    const denied = await h.gateway(VIEWER).restart('metacrypt').catch((e) => e);
    expect(denied.code).to.equal('PERMISSION_DENIED');
    expect(denied.message).to.match(/user vi \(viewer\) lacks role deployer: RestartService needs it/);
    await h.gateway(ADMIN).list();
    const lines = h.audit.lines.filter((l) => l.fields['audit'] === true);
    expect(lines.map((l) => [l.fields['method'], l.fields['user'], l.fields['role'], l.fields['service'], l.fields['code']])).to.deep.equal([
      ['ListServices', 'anonymous', '', '', 'UNAUTHENTICATED'],
      ['ListServices', 'anonymous', '', '', 'UNAUTHENTICATED'],
      ['RestartService', 'vi', 'viewer', 'metacrypt', 'PERMISSION_DENIED'],
      ['ListServices', 'kyle', 'admin', '', 'OK'],
    ]);
    for (const l of lines) {
      expect(l.fields['peer']).to.match(/127\.0\.0\.1/);
      expect(l.fields['durationMs']).to.be.a('number');
    }
    expect(JSON.stringify(h.audit.lines)).to.not.include('forged');
  });

  it('refuses a client that does not trust the agent certificate', async () => {
    const other = makeUnrelatedCerts();
    try {
      const err = await h.gateway(ADMIN, other.ca).list().catch((e) => e);
      expect(err.code).to.equal('NODE_UNAVAILABLE');
    } finally {
      other.cleanup();
    }
  });

  it('moves files larger than gRPC\'s 4 MiB default both ways', async () => {
    const content = Buffer.alloc(6 * 1024 * 1024, 7);
    const gw = h.gateway();
    const pushed = await gw.push({ service: 'metacrypt', path: 'data/blob.bin', content, mode: 0o600 });
    expect(pushed.size).to.equal(content.length);
    const pulled = await gw.pull({ service: 'metacrypt', path: 'data/blob.bin' });
    expect(Buffer.from(pulled.content).equals(content)).to.equal(true);
    expect(pulled.mode).to.equal(0o600);
  });

  it('refuses a push over the size limit with the project\'s FILE_TOO_LARGE message, whichever limit stops it', async () => {
    const cli = h.gateway(ADMIN, h.certs.ca, MAX_MESSAGE_BYTES);
    const refusals = [
      // past [agent] max_file_size but within the agent's gRPC limit: the use case answers
      { gw: cli, size: h.maxFileSize + 1, by: /over the limit of 8388608$/ },
      // past the agent's gRPC message limit: grpc-js refuses before any handler runs
      { gw: cli, size: h.maxFileSize + 2 * 1024 * 1024, by: /over the node's limit \(\[agent\] max_file_size\)$/ },
      // past this client's own message limit: refused before sending
      { gw: h.gateway(), size: h.maxFileSize + 2 * 1024 * 1024, by: /over the node's limit \(\[agent\] max_file_size\)$/ },
    ];
    for (const { gw, size, by } of refusals) {
      const err = await rejection(gw.push({ service: 'metacrypt', path: 'data/big.bin', content: Buffer.alloc(size, 1), mode: 0o600 }));
      expect(err.code, String(size)).to.equal('FILE_TOO_LARGE');
      expect(err.message).to.match(new RegExp(`^node rift: file data/big.bin is ${size} bytes, `)).and.match(by);
      expect(err.message).to.not.match(/message larger than max/i);
    }
    expect([...h.files.files.keys()]).to.deep.equal([]);
  });

  it('answers the standard health service without a token', async () => {
    const health = new HealthClient(`127.0.0.1:${h.port}`, credentials.createSsl(h.certs.ca));
    try {
      expect(await health.check('mcp.v1.AgentService')).to.equal('SERVING');
    } finally {
      health.close();
    }
  });

  it('finishes an in-flight call when shut down, then refuses new ones', async () => {
    publish(h.runtime, spec());
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    h.runtime.onCall = async (call) => {
      if (call.startsWith('pull')) await held;
    };
    const gw = h.gateway();
    const inflight = gw.deploy({ spec: spec() });
    await waitFor('the deploy to be held in its pull', 10_000, () => (h.runtime.calls.some((c) => c.startsWith('pull')) ? true : undefined), 5);
    const stopping = h.server.stop();
    release();
    const out = await inflight;
    expect(out.results.map((r) => [r.component, r.ok])).to.deep.equal(spec().components.map((c) => [c.name, true]));
    await stopping;
    expect((await h.gateway().list().catch((e) => e)).code).to.equal('NODE_UNAVAILABLE');
  });

  it('says a node is unavailable when nothing listens', async () => {
    await h.server.stop();
    const err = await h.gateway().list().catch((e) => e);
    expect(err.code).to.equal('NODE_UNAVAILABLE');
    expect(err.message).to.match(/^node rift unavailable/);
  });
});
