import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcAgentGatewayFactory } from '../../../src/adapters/grpc/client/grpc-agent-gateway.factory';
import { rejection } from '../../support/rejection';
import { OpensslCerts } from '../../support/tls/openssl-chain';

const NODE = { name: 'rift', address: '127.0.0.1:1' };
const LIMITS = { nodeTimeoutMs: 5000, parallel: 32 };

describe('GrpcAgentGatewayFactory (real files; no agent is called)', () => {
  const openssl = new OpensslCerts();
  let caPem: string;
  let dir: string;
  let ca: string;
  let tokenReads: number;
  const loadToken = async () => {
    tokenReads++;
    return 'token';
  };

  before(() => {
    caPem = openssl.issue('ca', { ca: true }).cert;
  });
  after(() => openssl.cleanup());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-gw-'));
    ca = join(dir, 'ca.pem');
    writeFileSync(ca, caPem);
    tokenReads = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('without tls.ca_cert: CONFIG_INVALID naming the config, before the token is read', async () => {
    const factory = new GrpcAgentGatewayFactory({ configPath: '/home/op/.config/mcp/mcp.toml', loadToken, ...LIMITS });
    const e = await rejection(factory.prepare());
    expect(e.code).to.equal('CONFIG_INVALID');
    expect(e.message).to.equal("/home/op/.config/mcp/mcp.toml: tls.ca_cert is not set: name the CA certificate that signed the agents' certificates");
    expect(tokenReads).to.equal(0);
  });

  it('an unreadable CA certificate is CONFIG_INVALID naming the file', async () => {
    const missing = join(dir, 'nope.pem');
    const e = await rejection(new GrpcAgentGatewayFactory({ configPath: 'mcp.toml', caCertPath: missing, loadToken, ...LIMITS }).prepare());
    expect(e.code).to.equal('CONFIG_INVALID');
    expect(e.message).to.equal(`mcp.toml: tls.ca_cert: cannot read ${missing}: ENOENT`);
  });

  it('a CA file that holds no certificate is CONFIG_INVALID naming the file', async () => {
    writeFileSync(ca, 'this is not a certificate\n');
    const e = await rejection(new GrpcAgentGatewayFactory({ configPath: 'mcp.toml', caCertPath: ca, loadToken, ...LIMITS }).prepare());
    expect(e.code).to.equal('CONFIG_INVALID');
    expect(e.message).to.equal(`mcp.toml: tls.ca_cert: ${ca} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  });

  it('open checks what prepare checks, so a one-node command needs no prepare first', async () => {
    const e = await rejection(new GrpcAgentGatewayFactory({ configPath: 'mcp.toml', loadToken, ...LIMITS }).open(NODE));
    expect(e.code).to.equal('CONFIG_INVALID');
  });

  it('reads the CA certificate and the token once for prepare and every open', async () => {
    const factory = new GrpcAgentGatewayFactory({ configPath: 'mcp.toml', caCertPath: ca, loadToken, ...LIMITS });
    await factory.prepare();
    const gateways = [await factory.open(NODE), await factory.open({ name: 'vade', address: 'vade.example:9444' })];
    gateways.forEach((g) => g.close());
    expect(tokenReads).to.equal(1);
  });
});
