/*
 * The agent's certificate is checked in JavaScript after an unverified
 * handshake (agent-certificate.ts says why). These tests hold that check to
 * what OpenSSL would decide, on certificates made by the openssl CLI, and
 * show over real TLS that a refused agent never sees a request, so never
 * the bearer token.
 */
import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { type Http2SecureServer, type IncomingHttpHeaders, constants, createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { parseCertificates, verifyChain } from '../../../src/adapters/grpc/client/agent-certificate';
import { GrpcAgentGateway } from '../../../src/adapters/grpc/client/grpc-agent.gateway';
import { type Issued, OpensslCerts } from '../../support/tls/openssl-chain';
import { waitFor } from '../../support/wait-for';

const DAY = 86_400_000;
const LOOPBACK = ['DNS:localhost', 'IP:127.0.0.1'];

describe('agent certificate check (certificates from openssl)', function () {
  this.timeout(60_000);
  const certs = new OpensslCerts();
  let root: Issued;
  let now: Date;
  const x509 = (...issued: Issued[]) => issued.map((i) => new X509Certificate(i.cert));
  const check = (presented: Issued[], anchors: Issued[], at = now) => verifyChain(x509(...presented), x509(...anchors), at)?.code;

  before(() => {
    root = certs.issue('root', { ca: true });
    now = new Date(Date.parse(new X509Certificate(root.cert).validFrom) + DAY);
  });
  after(() => certs.cleanup());

  it('accepts a certificate the CA signed, and one signed by an intermediate the agent sends along', () => {
    expect(check([certs.issue('agent', { by: root, san: LOOPBACK })], [root])).to.equal(undefined);
    const intermediate = certs.issue('intermediate', { by: root, ca: true });
    const leaf = certs.issue('agent-via-intermediate', { by: intermediate, san: LOOPBACK });
    expect(check([leaf, intermediate], [root])).to.equal(undefined);
    expect(check([leaf], [root]), 'the intermediate not sent').to.equal('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  });

  it('refuses a certificate from another CA, including one that borrows the CA\'s name', () => {
    const other = certs.issue('other-root', { ca: true });
    expect(check([certs.issue('other-agent', { by: other })], [root])).to.equal('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    const impostor = certs.issue('root-impostor', { ca: true });
    const namesake = certs.issue('root-namesake', { ca: true, cn: 'root' });
    const forged = certs.issue('forged-agent', { by: namesake });
    expect(check([forged], [root])).to.equal('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    expect(check([forged, namesake], [root])).to.equal('SELF_SIGNED_CERT_IN_CHAIN');
    expect(check([certs.issue('by-impostor', { by: impostor })], [root])).to.equal('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  });

  it('refuses a self-signed certificate unless it is the very one trusted', () => {
    // As `openssl req -x509` makes one: a CA of itself.
    const alone = certs.issue('self-signed-agent', { ca: true, keyUsage: 'digitalSignature,keyCertSign', san: LOOPBACK });
    expect(check([alone], [root])).to.equal('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(check([alone], [root, alone])).to.equal(undefined);
  });

  it('refuses a chain through a signer that is not a CA', () => {
    // Allowed to sign by its key usage, but basicConstraints say it is no CA.
    const plain = certs.issue('plain', { by: root, keyUsage: 'digitalSignature,keyCertSign' });
    expect(check([certs.issue('signed-by-plain', { by: plain }), plain], [root])).to.equal('INVALID_CA');
  });

  it('refuses a certificate whose extended key usage is not for a TLS server', () => {
    expect(check([certs.issue('client-only', { by: root, eku: 'clientAuth' })], [root])).to.equal('INVALID_PURPOSE');
    expect(check([certs.issue('server', { by: root, eku: 'serverAuth,clientAuth' })], [root])).to.equal(undefined);
  });

  it('refuses outside the dates of the agent\'s certificate or of the CA', () => {
    const leaf = certs.issue('short', { by: root, days: 3 });
    const from = Date.parse(new X509Certificate(leaf.cert).validFrom);
    expect(check([leaf], [root], new Date(from - DAY))).to.equal('CERT_NOT_YET_VALID');
    expect(check([leaf], [root], new Date(from + 5 * DAY))).to.equal('CERT_HAS_EXPIRED');
    const shortRoot = certs.issue('short-root', { ca: true, days: 2 });
    expect(check([certs.issue('long', { by: shortRoot, days: 30 })], [shortRoot], new Date(from + 5 * DAY))).to.equal('CERT_HAS_EXPIRED');
  });

  it('reads every certificate of a PEM bundle, each one trusted (a CA being rotated), and none from a file that holds none', () => {
    const other = certs.issue('bundle-b', { ca: true });
    const bundle = parseCertificates(Buffer.from(`${root.cert}\n${other.cert}`));
    expect(bundle.map((c) => c.subject)).to.deep.equal(['CN=root', 'CN=bundle-b']);
    for (const ca of [root, other]) expect(verifyChain(x509(certs.issue(`agent-of-${ca.name}`, { by: ca })), bundle, now)).to.equal(undefined);
    expect(parseCertificates(Buffer.from('not a certificate\n'))).to.deep.equal([]);
    expect(parseCertificates(Buffer.from(root.key))).to.deep.equal([]);
  });
});

interface FakeAgent {
  readonly server: Http2SecureServer;
  readonly port: number;
  /** The headers of every request received. */
  readonly seen: IncomingHttpHeaders[];
  /** TLS connections accepted and not yet closed. */
  readonly open: Set<TLSSocket>;
}

/** An HTTP/2 TLS server that answers every request UNIMPLEMENTED and keeps the request headers it saw. */
async function fakeAgent(chain: readonly Issued[]): Promise<FakeAgent> {
  const seen: IncomingHttpHeaders[] = [];
  const open = new Set<TLSSocket>();
  const server = createSecureServer({ cert: chain.map((c) => c.cert).join(''), key: chain[0]!.key, allowHTTP1: false });
  server.on('secureConnection', (socket: TLSSocket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  server.on('stream', (stream, headers) => {
    seen.push(headers);
    stream.respond({ [constants.HTTP2_HEADER_STATUS]: 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'test' }, { endStream: true });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen, open };
}

describe('agent certificate check over real TLS (127.0.0.1)', function () {
  this.timeout(60_000);
  const certs = new OpensslCerts();
  let root: Issued;
  const servers: Http2SecureServer[] = [];
  const gateways: GrpcAgentGateway[] = [];

  const call = async (chain: readonly Issued[], host: string) => {
    const agent = await fakeAgent(chain);
    servers.push(agent.server);
    const g = new GrpcAgentGateway({ name: 'rift', address: `${host}:${agent.port}` }, { caCert: Buffer.from(root.cert), token: 'secret-bearer', timeoutMs: 5000, mutationTimeoutMs: 5000, maxMessageBytes: 1 << 20 });
    gateways.push(g);
    const error = (await g.list().then(() => undefined, (e: unknown) => e)) as Error | undefined;
    return { error, seen: agent.seen, agent };
  };
  /**
   * Once the refused connection is closed on the agent's side, anything the
   * client sent on it has arrived: an empty `seen` then means nothing was sent.
   */
  const closedOnAgent = (agent: FakeAgent) => waitFor('the agent to see the refused connection close', 10_000, () => (agent.open.size === 0 ? true : undefined), 10);

  before(() => {
    root = certs.issue('root', { ca: true });
  });
  afterEach(() => gateways.splice(0).forEach((g) => g.close()));
  after(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    certs.cleanup();
  });

  it('sends the call, token and all, to an agent whose chain leads to the CA, dialled by name or by IP', async () => {
    const intermediate = certs.issue('intermediate', { by: root, ca: true });
    const leaf = certs.issue('agent', { by: intermediate, san: LOOPBACK });
    for (const host of ['localhost', '127.0.0.1']) {
      const { error, seen } = await call([leaf, intermediate], host);
      expect(error?.message, host).to.match(/UNIMPLEMENTED|not implemented|test/i);
      expect(seen.map((h) => h.authorization), host).to.deep.equal(['Bearer secret-bearer']);
    }
  });

  it('never sends a request to an agent of another CA, or one whose certificate names another host', async () => {
    const other = certs.issue('other-root', { ca: true });
    const wrongCa = await call([certs.issue('stranger', { by: other, san: LOOPBACK })], '127.0.0.1');
    expect(wrongCa.error?.message).to.match(/TLS: unable to get local issuer certificate/);
    await closedOnAgent(wrongCa.agent);
    expect(wrongCa.seen).to.deep.equal([]);
    const elsewhere = certs.issue('elsewhere', { by: root, san: ['DNS:agent.example', 'IP:10.9.8.7'] });
    for (const host of ['localhost', '127.0.0.1']) {
      const misnamed = await call([elsewhere], host);
      expect(misnamed.error?.message, host).to.match(/TLS: .*does not match certificate's altnames/);
      await closedOnAgent(misnamed.agent);
      expect(misnamed.seen, host).to.deep.equal([]);
    }
  });
});
