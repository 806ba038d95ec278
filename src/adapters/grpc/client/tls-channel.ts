import { type ChannelCredentials, type ChannelOptions, credentials } from '@grpc/grpc-js';
import { isIP } from 'node:net';
import { type SecureContext, checkServerIdentity, createSecureContext } from 'node:tls';
import { splitHostPort } from './host-port';

export interface TlsChannel {
  readonly credentials: ChannelCredentials;
  readonly options: ChannelOptions;
}

/**
 * TLS to an agent, verified against the CA. grpc-js sends the target's host
 * as the TLS server name (SNI) even when it is an IP address, which RFC 6066
 * forbids and Node answers with a DEP0123 warning. For an IP we send the
 * node's name as SNI instead (the agent ignores SNI) and still verify the
 * certificate against the IP we dialled, so nothing is trusted more loosely.
 */
export function tlsChannel(node: { name: string; address: string }, caCert: Buffer): TlsChannel {
  const host = splitHostPort(node.address).host;
  const context = contextFor(caCert);
  if (isIP(host) === 0) return { credentials: credentials.createFromSecureContext(context), options: {} };
  return {
    credentials: credentials.createFromSecureContext(context, { checkServerIdentity: (_servername, cert) => checkServerIdentity(host, cert) }),
    options: { 'grpc.ssl_target_name_override': node.name },
  };
}

const contexts = new WeakMap<Buffer, SecureContext>();

/**
 * One TLS context per CA certificate, shared by every gateway given the same
 * Buffer (the factory hands all of them its one copy): parsing the CA into
 * a context costs a few milliseconds, which a fan-out to 50 nodes would
 * otherwise pay 50 times.
 */
function contextFor(caCert: Buffer): SecureContext {
  let context = contexts.get(caCert);
  if (context === undefined) {
    context = createSecureContext({ ca: caCert });
    contexts.set(caCert, context);
  }
  return context;
}
