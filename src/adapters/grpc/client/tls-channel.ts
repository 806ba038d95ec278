import { type ChannelCredentials, type ChannelOptions, credentials } from '@grpc/grpc-js';
import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';
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
  if (isIP(host) === 0) return { credentials: credentials.createSsl(caCert), options: {} };
  return {
    credentials: credentials.createSsl(caCert, null, null, { checkServerIdentity: (_servername, cert) => checkServerIdentity(host, cert) }),
    options: { 'grpc.ssl_target_name_override': node.name },
  };
}
