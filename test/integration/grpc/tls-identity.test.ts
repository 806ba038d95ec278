import { expect } from 'chai';
import { startGrpcHarness } from './grpc-harness';

/**
 * An agent dialled by IP: the client sends the node's name as the TLS server
 * name (an IP there is what Node warns about, DEP0123), yet the certificate
 * must still name the IP that was dialled. 127.0.0.2 is loopback too, and
 * the test certificate names only localhost and 127.0.0.1 unless asked.
 */
describe('TLS identity of an agent dialled by IP address (real TLS on loopback)', () => {
  it('refuses an agent whose certificate, though signed by the trusted CA, does not name the IP dialled', async () => {
    const h = await startGrpcHarness({ host: '127.0.0.2' });
    try {
      const err = (await h.gateway().list().catch((e: unknown) => e)) as { code?: string };
      expect(err.code).to.equal('NODE_UNAVAILABLE');
    } finally {
      await h.close();
    }
  });

  it('answers when the certificate names that IP', async () => {
    const h = await startGrpcHarness({ host: '127.0.0.2', certNames: ['127.0.0.2'] });
    try {
      expect((await h.gateway().list()).node).to.be.a('string');
    } finally {
      await h.close();
    }
  });
});
