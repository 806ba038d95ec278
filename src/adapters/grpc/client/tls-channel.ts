import { type ChannelCredentials, type ChannelOptions, credentials, type experimental } from '@grpc/grpc-js';
import type { X509Certificate } from 'node:crypto';
import { isIP, type Socket } from 'node:net';
import { type TLSSocket, checkServerIdentity } from 'node:tls';
import { verifyChain } from './agent-certificate';
import { trustFor } from './agent-trust';
import { splitHostPort } from './host-port';
import { WrappedTls } from './wrapped-tls';

export interface TlsChannel {
  readonly credentials: ChannelCredentials;
  readonly options: ChannelOptions;
}

/**
 * TLS to an agent, verified against the CA (see agent-certificate.ts for why
 * the chain is checked after the handshake rather than during it) and
 * against the host dialled. grpc-js sends the target's host as the TLS server
 * name (SNI) even when it is an IP address, which RFC 6066 forbids and Node
 * answers with a DEP0123 warning. For an IP we send the node's name as SNI
 * instead (the agent ignores SNI); the certificate must still name the IP.
 */
export function tlsChannel(node: { name: string; address: string }, caCert: Buffer): TlsChannel {
  const host = splitHostPort(node.address).host;
  const trust = trustFor(caCert);
  // Node checks nothing here (empty trust store, no name check): VerifiedTls does both, before the connection is handed on.
  const unverified = credentials.createFromSecureContext(trust.context, { rejectUnauthorized: false, checkServerIdentity: () => undefined });
  return {
    credentials: new VerifiedTls(unverified, trust.anchors, host),
    options: isIP(host) === 0 ? {} : { 'grpc.ssl_target_name_override': node.name },
  };
}

/** The handshake's result is handed to grpc-js only once the agent's certificate chains to the CA and names `host`. */
class VerifiedTls extends WrappedTls {
  constructor(
    inner: ChannelCredentials,
    private readonly anchors: readonly X509Certificate[],
    private readonly host: string,
  ) {
    super(inner);
  }

  protected async connectThrough(inner: experimental.SecureConnector, socket: Socket): Promise<experimental.SecureConnectResult> {
    const secured = await inner.connect(socket);
    const refusal = this.refusal(secured.socket as TLSSocket);
    if (refusal === undefined) return secured;
    secured.socket.destroy();
    throw refusal;
  }

  private refusal(socket: TLSSocket): Error | undefined {
    const presented = peerChain(socket);
    return verifyChain(presented, this.anchors, new Date()) ?? checkServerIdentity(this.host, presented[0]!.toLegacyObject());
  }
}

/** The agent's certificate, then every other one it sent, in the order sent. */
function peerChain(socket: TLSSocket): X509Certificate[] {
  const leaf = socket.getPeerX509Certificate();
  if (leaf === undefined) return [];
  const chain = [leaf];
  const seen = new Set([leaf.fingerprint256]);
  for (let c = leaf.issuerCertificate; c !== undefined && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
    seen.add(c.fingerprint256);
    chain.push(c);
  }
  return chain;
}
