import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { type Socket, connect } from 'node:net';
import { publish, spec } from '../../unit/agent/agent-sut';
import { startGrpcHarness } from './grpc-harness';

const STALLED = 1000;
const BATCH = 100; // under the listen backlog, so no SYN is dropped and retried
const HANDSHAKE_TIMEOUT_MS = 2000;

const openFds = (): number => readdirSync('/proc/self/fd').length;

interface Stalled {
  readonly socket: Socket;
  readonly openedAt: number;
  readonly closed: Promise<number>;
}

/** A TCP connection that never sends a byte: no TLS ClientHello, ever. */
function openStalled(port: number): Promise<Stalled> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', () => undefined); // a reset from the server is how some of them end
      const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now())));
      resolve({ socket, openedAt: Date.now(), closed });
    });
  });
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return condition();
}

describe('agent gRPC server: connections that never start TLS (127.0.0.1)', function () {
  this.timeout(60000);

  it(`closes ${STALLED} of them after the handshake timeout; ListServices answers throughout and no descriptor leaks`, async () => {
    const h = await startGrpcHarness({ handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS });
    const stalled: Stalled[] = [];
    try {
      publish(h.runtime, spec());
      const gw = h.gateway();
      await gw.deploy({ spec: spec() });
      expect((await gw.list()).services).to.have.length(1);
      const before = openFds();

      for (let i = 0; i < STALLED; i += BATCH) {
        stalled.push(...(await Promise.all(Array.from({ length: BATCH }, () => openStalled(h.port)))));
      }
      // Both ends of every stalled connection live in this process.
      expect(openFds()).to.be.at.least(before + STALLED);

      const during = await gw.list();
      expect(during.services.map((s) => s.spec.name)).to.deep.equal(['metacrypt']);

      const closedAt = await Promise.all(stalled.map((s) => s.closed));
      // Closed by the timer, not on arrival: each one lived for about the timeout.
      const shortest = Math.min(...closedAt.map((at, i) => at - stalled[i]!.openedAt));
      expect(shortest).to.be.at.least(HANDSHAKE_TIMEOUT_MS / 2);

      expect(await waitFor(() => openFds() <= before, 10000), `${openFds()} descriptors open, ${before} before`).to.equal(true);
      expect((await gw.list()).services).to.have.length(1);
    } finally {
      stalled.forEach((s) => s.socket.destroy());
      await h.close();
    }
  });
});
