import { expect } from 'chai';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { MciasClient } from '../../../src/adapters/identity/mcias/mcias-client';
import { ErrorCode } from '../../../src/domain/errors/domain-error';
import { makeTestCerts, makeUnrelatedCerts, type TestCerts } from '../../support/tls/test-ca';
import { rejection } from '../../support/rejection';
import { FakeMcias } from '../../support/identity/fake-mcias';

async function closedPort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('MciasClient against a real HTTPS server', () => {
  let certs: TestCerts;
  let mcias: FakeMcias;
  let client: MciasClient;

  before(() => {
    certs = makeTestCerts();
  });
  after(() => certs.cleanup());

  beforeEach(async () => {
    mcias = new FakeMcias(certs);
    await mcias.start();
    client = new MciasClient({ serverUrl: mcias.url, caCert: certs.ca, serviceName: 'mcp-agent', timeoutMs: 2_000 });
  });
  afterEach(async () => {
    client.close();
    await mcias.stop();
  });

  it('validates an admin token', async () => {
    expect(await client.validate('tok-kyle')).to.deep.equal({ username: 'kyle', roles: ['admin'] });
  });

  it('returns the roles of a non-admin token', async () => {
    expect(await client.validate('tok-guest')).to.deep.equal({ username: 'guest', roles: ['viewer', 'ops'] });
  });

  it('answers undefined for an invalid token', async () => {
    expect(await client.validate('tok-nobody')).to.equal(undefined);
  });

  it('treats 401 on validate as an invalid token', async () => {
    mcias.mode = 'validate-401';
    expect(await client.validate('tok-kyle')).to.equal(undefined);
  });

  it('sends the token as a bearer header on POST /v1/token/validate', async () => {
    await client.validate('tok-kyle');
    expect(mcias.seen).to.have.length(1);
    const [req] = mcias.seen;
    expect(req!.method).to.equal('POST');
    expect(req!.url).to.equal('/v1/token/validate');
    expect(req!.headers.authorization).to.equal('Bearer tok-kyle');
    expect(req!.body).to.not.include('tok-kyle');
  });

  it('does not send a token that cannot be a header value', async () => {
    expect(await client.validate('bad\r\nX-Evil: 1')).to.equal(undefined);
    expect(await client.validate('')).to.equal(undefined);
    expect(mcias.seen).to.have.length(0);
  });

  it('logs in with the documented JSON body', async () => {
    const result = await client.login('kyle', 'hunter2');
    expect(result.token).to.equal('tok-kyle');
    expect(result.expiresAt?.toISOString()).to.equal('2026-02-01T00:00:00.000Z');
    const [req] = mcias.seen;
    expect(req!.method).to.equal('POST');
    expect(req!.url).to.equal('/v1/auth/login');
    expect(req!.headers['content-type']).to.equal('application/json');
    expect(JSON.parse(req!.body)).to.deep.equal({ username: 'kyle', password: 'hunter2', service_name: 'mcp-agent' });
  });

  it('reports a refused login as UNAUTHENTICATED with the server reason', async () => {
    const err = await rejection(client.login('kyle', 'wrong'));
    expect(err.code).to.equal(ErrorCode.Unauthenticated);
    expect(err.message).to.equal('login refused by MCIAS: invalid credentials');
  });

  it('is IDENTITY_UNAVAILABLE on a 500', async () => {
    mcias.mode = 'error500';
    const err = await rejection(client.validate('tok-kyle'));
    expect(err.code).to.equal(ErrorCode.IdentityUnavailable);
    expect(err.message).to.match(/HTTP 500: database is locked/);
    expect((await rejection(client.login('kyle', 'hunter2'))).code).to.equal(ErrorCode.IdentityUnavailable);
  });

  it('is IDENTITY_UNAVAILABLE on malformed JSON', async () => {
    mcias.mode = 'malformed';
    const err = await rejection(client.validate('tok-kyle'));
    expect(err.code).to.equal(ErrorCode.IdentityUnavailable);
    expect(err.message).to.match(/malformed token validation answer: the body is not JSON/);
  });

  it('is IDENTITY_UNAVAILABLE when a valid answer lacks the username', async () => {
    mcias.mode = 'missing-fields';
    const err = await rejection(client.validate('tok-kyle'));
    expect(err.code).to.equal(ErrorCode.IdentityUnavailable);
    expect(err.message).to.match(/"username" is missing/);
  });

  it('is IDENTITY_UNAVAILABLE when the server never answers', async () => {
    mcias.mode = 'hang';
    const quick = new MciasClient({ serverUrl: mcias.url, caCert: certs.ca, serviceName: 'mcp-agent', timeoutMs: 200 });
    try {
      const err = await rejection(quick.validate('tok-kyle'));
      expect(err.code).to.equal(ErrorCode.IdentityUnavailable);
      expect(err.message).to.match(/within 200 ms/);
    } finally {
      quick.close();
    }
  });

  it('is IDENTITY_UNAVAILABLE when the connection is refused', async () => {
    const port = await closedPort();
    const offline = new MciasClient({ serverUrl: `https://127.0.0.1:${port}`, caCert: certs.ca, serviceName: 'mcp', timeoutMs: 2_000 });
    try {
      const err = await rejection(offline.validate('tok-kyle'));
      expect(err.code).to.equal(ErrorCode.IdentityUnavailable);
      expect(err.message).to.match(/connection refused/);
      expect((await rejection(offline.login('kyle', 'hunter2'))).code).to.equal(ErrorCode.IdentityUnavailable);
    } finally {
      offline.close();
    }
  });

  it('is IDENTITY_UNAVAILABLE when the server certificate comes from another CA', async () => {
    const other = makeUnrelatedCerts();
    const impostor = new FakeMcias(other);
    await impostor.start();
    const trusting = new MciasClient({ serverUrl: impostor.url, caCert: certs.caPath, serviceName: 'mcp', timeoutMs: 2_000 });
    try {
      const err = await rejection(trusting.validate('tok-kyle'));
      expect(err.code).to.equal(ErrorCode.IdentityUnavailable);
      expect(err.message).to.match(/TLS verification failed/);
      expect(impostor.seen, 'the token must not reach an unverified server').to.have.length(0);
    } finally {
      trusting.close();
      await impostor.stop();
      other.cleanup();
    }
  });

  it('reads the CA from a path', async () => {
    const fromPath = new MciasClient({ serverUrl: mcias.url, caCert: certs.caPath, serviceName: 'mcp' });
    try {
      expect(await fromPath.validate('tok-kyle')).to.have.property('username', 'kyle');
    } finally {
      fromPath.close();
    }
  });

  it("without ca_cert: Node's roots and the NODE_EXTRA_CA_CERTS file the launcher kept from Node's startup", async () => {
    const clients = {
      roots: new MciasClient({ serverUrl: mcias.url, serviceName: 'mcp', timeoutMs: 2_000 }),
      extra: new MciasClient({ serverUrl: mcias.url, serviceName: 'mcp', timeoutMs: 2_000, extraCaFile: certs.caPath }),
      unreadable: new MciasClient({ serverUrl: mcias.url, serviceName: 'mcp', timeoutMs: 2_000, extraCaFile: '/nonexistent/extra.pem' }),
    };
    try {
      expect(await clients.extra.validate('tok-kyle')).to.have.property('username', 'kyle');
      // This process's own NODE_EXTRA_CA_CERTS (if any) never holds the test CA.
      expect((await rejection(clients.roots.validate('tok-kyle'))).message).to.match(/TLS verification failed/);
      expect((await rejection(clients.unreadable.validate('tok-kyle'))).message).to.match(/TLS verification failed/);
      expect(mcias.seen.map((r) => r.headers.authorization)).to.deep.equal(['Bearer tok-kyle']);
    } finally {
      for (const c of Object.values(clients)) c.close();
    }
  });

  it('refuses a plain-http server URL and an unreadable CA path as CONFIG_INVALID', () => {
    expect(() => new MciasClient({ serverUrl: 'http://127.0.0.1:1', serviceName: 'mcp' })).to.throw(/must start with https/).with.property('code', ErrorCode.ConfigInvalid);
    expect(() => new MciasClient({ serverUrl: mcias.url, caCert: '/nonexistent/ca.pem', serviceName: 'mcp' }))
      .to.throw(/\/nonexistent\/ca.pem cannot be read/)
      .with.property('code', ErrorCode.ConfigInvalid);
  });
});
