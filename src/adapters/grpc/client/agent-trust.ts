import type { X509Certificate } from 'node:crypto';
import { type SecureContext, createSecureContext } from 'node:tls';
import { parseCertificates } from './agent-certificate';

export interface AgentTrust {
  /** A context that trusts nothing: building one that trusts the CA is what costs Node 20 its root-store parse. */
  readonly context: SecureContext;
  readonly anchors: readonly X509Certificate[];
}

const trusts = new WeakMap<Buffer, AgentTrust>();

/**
 * One context and one parse of the CA per CA file, shared by every gateway
 * given the same Buffer (the factory hands all of them its one copy): a
 * fan-out to 50 nodes pays for them once.
 */
export function trustFor(caCert: Buffer): AgentTrust {
  let trust = trusts.get(caCert);
  if (trust === undefined) {
    trust = { context: createSecureContext({ ca: [] }), anchors: parseCertificates(caCert) };
    trusts.set(caCert, trust);
  }
  return trust;
}
