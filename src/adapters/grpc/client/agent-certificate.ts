import { X509Certificate } from 'node:crypto';

/**
 * The agent's certificate chain, checked against the operator's CA in
 * JavaScript instead of by OpenSSL during the handshake.
 *
 * Why: in Node 20, giving a TLS context any `ca` makes Node parse its ~140
 * bundled root certificates first (about 40 ms of every CLI command, on a
 * machine without NODE_EXTRA_CA_CERTS), only to compare a pointer. A context
 * with an empty `ca` costs 2 ms; the handshake then ends unverified, and this
 * runs before grpc-js may send anything, the bearer token included. Each
 * step is OpenSSL's own (X509_check_issued, X509_verify): what is written
 * here is only the walk from the agent's certificate to a trusted one, and
 * the rules OpenSSL applies on the way. Errors carry OpenSSL's code and words,
 * as Node's own verification would report them.
 */

/** Enough for any real chain; a longer one is refused as OpenSSL refuses it. */
const MAX_DEPTH = 10;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

export type ChainRefusal = Error & { readonly code: string };

function refusal(code: string, message: string): ChainRefusal {
  return Object.assign(new Error(message), { code });
}

/** Every certificate of a PEM file, in order; none when it holds no (valid) certificate. */
export function parseCertificates(pem: Buffer | string): X509Certificate[] {
  const text = typeof pem === 'string' ? pem : pem.toString('latin1');
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  const certificates: X509Certificate[] = [];
  for (const block of blocks) {
    try {
      certificates.push(new X509Certificate(block));
    } catch {
      // A damaged block trusts nothing, as OpenSSL skips what it cannot read.
    }
  }
  return certificates;
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  return child.checkIssued(parent) && child.verify(parent.publicKey);
}

function same(a: X509Certificate, b: X509Certificate): boolean {
  return a.fingerprint256 === b.fingerprint256;
}

function timeRefusal(certificate: X509Certificate, now: Date): ChainRefusal | undefined {
  if (now.getTime() < Date.parse(certificate.validFrom)) return refusal('CERT_NOT_YET_VALID', 'certificate is not yet valid');
  if (now.getTime() > Date.parse(certificate.validTo)) return refusal('CERT_HAS_EXPIRED', 'certificate has expired');
  return undefined;
}

/** A server certificate whose extended key usage leaves out serverAuth is for something else (OpenSSL's "sslserver" purpose). */
function purposeRefusal(leaf: X509Certificate): ChainRefusal | undefined {
  const usages = (leaf as X509Certificate & { extKeyUsage?: string[] }).extKeyUsage ?? leaf.keyUsage;
  if (usages === undefined || usages.length === 0 || usages.includes(SERVER_AUTH) || usages.includes(ANY_EXTENDED_KEY_USAGE)) return undefined;
  return refusal('INVALID_PURPOSE', 'unsupported certificate purpose');
}

function missingIssuer(current: X509Certificate, depth: number): ChainRefusal {
  if (!issuedBy(current, current)) return refusal('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate');
  return depth === 0 ? refusal('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate') : refusal('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain');
}

/**
 * Whether `presented` (the agent's certificate first, then what else it
 * sent) leads to one of `anchors` at `now`: every certificate on the path
 * within its dates and signed by the next, every signer but the leaf itself a
 * CA, the leaf fit for a TLS server. Undefined when it does; else why not.
 * The host name is checked apart (tls.checkServerIdentity).
 */
export function verifyChain(presented: readonly X509Certificate[], anchors: readonly X509Certificate[], now: Date): ChainRefusal | undefined {
  const leaf = presented[0];
  if (leaf === undefined) return refusal('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'the agent sent no certificate');
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const expired = timeRefusal(current, now);
    if (expired) return expired;
    const anchor = anchors.find((a) => issuedBy(current, a));
    if (anchor !== undefined) {
      if (!same(anchor, current)) {
        if (!anchor.ca) return refusal('INVALID_CA', 'invalid CA certificate');
        const anchorExpired = timeRefusal(anchor, now);
        if (anchorExpired) return anchorExpired;
      }
      return purposeRefusal(leaf);
    }
    const issuer = presented.find((c) => !same(c, current) && issuedBy(current, c));
    if (issuer === undefined) return missingIssuer(current, depth);
    if (!issuer.ca) return refusal('INVALID_CA', 'invalid CA certificate');
    current = issuer;
  }
  return refusal('CERT_CHAIN_TOO_LONG', 'certificate chain too long');
}
