import { expect } from 'chai';
import { type ClientReadableStream, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentServiceClient, AgentServiceService } from '../../../src/adapters/grpc/generated/mcp/v1/mcp';
import { tlsChannel } from '../../../src/adapters/grpc/client/tls-channel';
import { fromGrpcError } from '../../../src/adapters/grpc/mapping/error-status.mapping';
import { specToWire } from '../../../src/adapters/grpc/mapping/spec.mapping';
import { CachingTokenValidator } from '../../../src/adapters/identity/cache/caching-token-validator';
import { TokensFileProvider } from '../../../src/adapters/identity/tokens-file/tokens-file-provider';
import { RPC_ACCESS, type RpcMethod, isRpcMethod } from '../../../src/application/agent/access/rpc-access.table';
import { type Role, accessOf, roleIncludes } from '../../../src/domain/identity/identity';
import { ServiceScope } from '../../../src/domain/identity/service-scope';
import { SystemClock } from '../../../src/adapters/clock/system/system-clock';
import { publish, spec } from '../../unit/agent/agent-sut';
import { startGrpcHarness } from '../grpc/grpc-harness';

type Harness = Awaited<ReturnType<typeof startGrpcHarness>>;

/** One RPC called raw over the wire, naming `service` when it names one at all. */
interface Probe {
  /** Whether the request names the service (whole-node reads name none: they are filtered instead). */
  readonly names: boolean;
  run(c: AgentServiceClient, md: Metadata, service: string): Promise<unknown>;
}

const deadline = () => ({ deadline: Date.now() + 10_000 });
function unary<Req>(c: AgentServiceClient, method: (r: Req, md: Metadata, o: object, cb: (e: ServiceError | null, r: unknown) => void) => unknown, request: Req, md: Metadata): Promise<unknown> {
  return new Promise((resolve, reject) => method.call(c, request, md, deadline(), (e, r) => (e ? reject(e) : resolve(r))));
}
function drained(call: ClientReadableStream<unknown>): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const out: unknown[] = [];
    call.on('data', (d) => out.push(d));
    call.on('error', reject);
    call.on('end', () => resolve(out));
  });
}

const svcSpec = (name: string) => spec({ name, components: [{ name: 'app', image: `reg/${name}:v1` }] });

/** Every RPC of the table: the compiler refuses a row without a probe, the first test a proto RPC without a row. */
const PROBES: Record<RpcMethod, Probe> = {
  WhoAmI: { names: false, run: (c, md) => unary(c, c.whoAmI, {}, md) },
  ListServices: { names: false, run: (c, md) => unary(c, c.listServices, {}, md) },
  LiveCheck: { names: false, run: (c, md) => unary(c, c.liveCheck, { secretRefs: [] }, md) },
  GetServiceStatus: { names: true, run: (c, md, service) => unary(c, c.getServiceStatus, { service, eventLimit: 0 }, md) },
  StreamEvents: { names: true, run: (c, md, service) => drained(c.streamEvents({ service, since: undefined, follow: false }, md, deadline())) },
  GetHistory: { names: true, run: (c, md, service) => unary(c, c.getHistory, { service }, md) },
  StreamLogs: { names: true, run: (c, md, service) => drained(c.streamLogs({ service, component: '', since: undefined, follow: false, batched: false }, md, deadline())) },
  Deploy: { names: true, run: (c, md, service) => unary(c, c.deploy, { spec: undefined, serviceName: service, component: '' }, md) },
  DeployWatch: { names: true, run: (c, md, service) => drained(c.deployWatch({ spec: undefined, serviceName: service, component: '' }, md, deadline())) },
  Rollback: { names: true, run: (c, md, service) => unary(c, c.rollback, { service, to: 0 }, md) },
  StopService: { names: true, run: (c, md, service) => unary(c, c.stopService, { service }, md) },
  StartService: { names: true, run: (c, md, service) => unary(c, c.startService, { service }, md) },
  RestartService: { names: true, run: (c, md, service) => unary(c, c.restartService, { service }, md) },
  SyncDesiredState: { names: true, run: (c, md, service) => unary(c, c.syncDesiredState, { services: [specToWire(svcSpec(service))] }, md) },
  AdoptContainer: { names: true, run: (c, md, service) => unary(c, c.adoptContainer, { service }, md) },
  PushFile: { names: true, run: (c, md, service) => unary(c, c.pushFile, { service, path: 'probe.txt', content: Buffer.from('x'), mode: 0 }, md) },
  PullFile: { names: true, run: (c, md, service) => unary(c, c.pullFile, { service, path: 'probe.txt' }, md) },
  SetSecret: { names: true, run: (c, md, service) => unary(c, c.setSecret, { service, name: 'probe', value: Buffer.from('x') }, md) },
  ListSecrets: { names: true, run: (c, md, service) => unary(c, c.listSecrets, { service }, md) },
  RemoveSecret: { names: true, run: (c, md, service) => unary(c, c.removeSecret, { service, name: 'probe' }, md) },
};

/** The RPCs the proto declares, by their proto names. */
const PROTO_RPCS = Object.values(AgentServiceService).map((d) => d.path.split('/').pop()!);

interface TokenHolder {
  readonly user: string;
  readonly roles: readonly string[];
  readonly services: readonly string[];
  token: string;
}

const HOLDERS: TokenHolder[] = [
  { user: 'kyle', roles: ['admin'], services: [], token: '' },
  { user: 'dee', roles: ['deployer'], services: [], token: '' },
  { user: 'vi', roles: ['viewer'], services: [], token: '' },
  { user: 'root-web', roles: ['admin'], services: ['web-*'], token: '' },
  { user: 'ci', roles: ['deployer'], services: ['web-*'], token: '' },
  { user: 'dash', roles: ['viewer'], services: ['web-*'], token: '' },
  // A v1 line with no role at all: a valid token that may do nothing.
  { user: 'nobody', roles: [], services: [], token: '' },
];

type Expected = { readonly allowed: true } | { readonly allowed: false; readonly code: string; readonly message: RegExp };

/** What the contract says must happen, derived from the one table (never from the server's code paths). */
function expected(holder: TokenHolder, method: RpcMethod, service: string): Expected {
  const access = accessOf({ username: holder.user, roles: holder.roles });
  const rule = RPC_ACCESS[method];
  if (!access) return { allowed: false, code: 'PERMISSION_DENIED', message: /has none of the roles viewer, deployer, admin/ };
  if (!roleIncludes(access.role, rule.role)) return { allowed: false, code: 'PERMISSION_DENIED', message: new RegExp(`lacks role ${rule.role}: ${method} needs it`) };
  const inScope = ServiceScope.of(holder.services).includes(service);
  if (inScope || !PROBES[method].names || rule.target === 'caller') return { allowed: true };
  // The words are those of a service the node does not hold (scoped-reads.test compares them one by one).
  if (rule.effect === 'read') return { allowed: false, code: 'SERVICE_NOT_FOUND', message: new RegExp(`^node rift: service ${service} (is not known on node rift|not found)$`) };
  if (rule.target === 'node') return { allowed: true }; // a scoped sync skips, it does not refuse
  return { allowed: false, code: 'PERMISSION_DENIED', message: new RegExp(`may not act on service ${service}: outside the token's scope`) };
}

const AUTH_REFUSALS = ['PERMISSION_DENIED', 'UNAUTHENTICATED'];

describe('roles × scopes: every RPC against the gRPC server over TLS, tokens from a real tokens file', function () {
  this.timeout(120_000);
  let h: Harness;
  let dir: string;
  let client: AgentServiceClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-access-'));
    const file = new TokensFileProvider({ path: join(dir, 'tokens') });
    // An unscoped token is issued without a list (an empty one is refused, as `token issue --services ""` is).
    for (const holder of HOLDERS) holder.token = await file.issue(holder.user, holder.roles, holder.services.length > 0 ? holder.services : undefined);
    h = await startGrpcHarness({ tokens: new CachingTokenValidator(file, new SystemClock()) });
    const tls = tlsChannel({ name: 'rift', address: `127.0.0.1:${h.port}` }, h.certs.ca);
    client = new AgentServiceClient(`127.0.0.1:${h.port}`, tls.credentials, tls.options);
  });
  after(async () => {
    client?.close();
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const md = (token: string) => {
    const m = new Metadata();
    m.set('authorization', `Bearer ${token}`);
    return m;
  };
  /** Both services held and running, events recorded for each. */
  const seed = async () => {
    const admin = HOLDERS[0]!.token;
    for (const name of ['web-a', 'metacrypt']) {
      publish(h.runtime, svcSpec(name));
      await unary(client, client.deploy, { spec: specToWire(svcSpec(name)), serviceName: '', component: '' }, md(admin));
    }
  };

  it('has exactly one row for every RPC of the proto, and nothing a viewer may call returns a file', () => {
    const missing = PROTO_RPCS.filter((m) => !isRpcMethod(m));
    expect(missing, 'RPCs of proto/mcp/v1/mcp.proto without a row in RPC_ACCESS').to.deep.equal([]);
    expect(Object.keys(RPC_ACCESS).sort()).to.deep.equal([...PROTO_RPCS].sort());
    const viewerMay = (Object.keys(RPC_ACCESS) as RpcMethod[]).filter((m) => RPC_ACCESS[m].role === 'viewer');
    expect(viewerMay).to.not.include('PullFile');
    expect(RPC_ACCESS.PullFile.role as Role).to.equal('admin');
  });

  it('answers each (RPC, role, in/out of scope) as the table says, and audits user, role, method and service for each', async () => {
    await seed();
    let checked = 0;
    for (const method of PROTO_RPCS.filter(isRpcMethod)) {
      for (const holder of HOLDERS) {
        for (const service of ['web-a', 'metacrypt']) {
          if (method === 'Deploy' || method === 'DeployWatch') publish(h.runtime, svcSpec(service));
          const want = expected(holder, method, service);
          let statusName = 'OK';
          const got = await PROBES[method].run(client, md(holder.token), service).then(
            () => undefined,
            (e: ServiceError) => {
              statusName = status[e.code];
              return fromGrpcError(e, 'rift');
            },
          );
          const where = `${method} by ${holder.user} (${holder.roles.join(',') || 'no role'} ${holder.services.join(',') || '*'}) on ${service}`;
          if (want.allowed) {
            expect(got === undefined || !AUTH_REFUSALS.includes(got.code), `${where}: ${got?.message}`).to.equal(true);
            expect(got?.code, `${where}: ${got?.message}`).to.not.equal('SERVICE_NOT_FOUND');
          } else {
            expect(got?.code, where).to.equal(want.code);
            expect(got!.message, where).to.match(want.message);
          }
          const line = h.audit.lines.filter((l) => l.fields['audit'] === true).at(-1)!;
          const role = accessOf({ username: holder.user, roles: holder.roles })?.role ?? holder.roles.join(',');
          expect(line.fields, where).to.deep.include({ method, user: holder.user, role, service: PROBES[method].names ? service : '' });
          expect(line.fields['code'], where).to.equal(statusName);
          checked++;
        }
      }
    }
    expect(checked).to.equal(PROTO_RPCS.length * HOLDERS.length * 2);
  });
});
