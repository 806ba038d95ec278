/*
 * node_timeout in the gRPC gateway, against real sockets on 127.0.0.1: a
 * listener that accepts and never answers, a port that refuses, an agent
 * (the real server over TLS, use cases on fakes) that is slow on purpose.
 */
import { expect } from 'chai';
import { GrpcAgentGateway } from '../../../src/adapters/grpc/client/grpc-agent.gateway';
import type { DomainError } from '../../../src/domain/errors/domain-error';
import { publish, spec } from '../../unit/agent/agent-sut';
import { freePort } from '../../support/net/free-port';
import { type HungListener, startHungListener } from '../../support/net/hung-listener';
import { makeUnrelatedCerts } from '../../support/tls/test-ca';
import { waitFor } from '../../support/wait-for';
import { ADMIN, startGrpcHarness } from './grpc-harness';

/**
 * Long enough that a call which should answer (a TLS handshake and a call
 * on a loaded 2-core CI machine) never meets it by chance.
 */
const NODE_TIMEOUT_MS = 2000;

type Harness = Awaited<ReturnType<typeof startGrpcHarness>>;

/** The outcome of a call and how long it took. */
async function timed<T>(call: Promise<T>): Promise<{ ms: number; error?: DomainError; value?: T }> {
  const start = Date.now();
  try {
    const value = await call;
    return { ms: Date.now() - start, value };
  } catch (e) {
    return { ms: Date.now() - start, error: e as DomainError };
  }
}

describe('gRPC gateway: node_timeout and closing (real sockets on 127.0.0.1)', function () {
  this.timeout(30000);
  let h: Harness;
  let hung: HungListener;
  const gateways: GrpcAgentGateway[] = [];
  const gateway = (address: string, over: { ca?: Buffer; token?: string; timeoutMs?: number } = {}) => {
    const g = new GrpcAgentGateway({ name: 'node-a', address }, { caCert: over.ca ?? h.certs.ca, token: over.token ?? ADMIN, timeoutMs: over.timeoutMs ?? NODE_TIMEOUT_MS, mutationTimeoutMs: 20000, maxMessageBytes: 8 << 20 });
    gateways.push(g);
    return g;
  };

  before(async () => {
    h = await startGrpcHarness();
    hung = await startHungListener();
  });
  afterEach(() => {
    gateways.splice(0).forEach((g) => g.close());
    h.runtime.onCall = undefined;
  });
  after(async () => {
    await hung.close();
    await h.close();
  });

  it('a node that accepts TCP and never answers: a read, a mutation and a stream each fail after node_timeout, saying so', async () => {
    const calls: Array<(g: GrpcAgentGateway) => Promise<unknown>> = [(g) => g.list(), (g) => g.stop('metacrypt'), (g) => drain(g.events({ follow: true }))];
    for (const call of calls) {
      const r = await timed(call(gateway(hung.address)));
      expect(r.error?.code).to.equal('NODE_UNAVAILABLE');
      expect(r.error?.message).to.equal('node node-a unavailable: timed out after 2s (connected, but the TLS handshake got no answer)');
      expect(r.ms).to.be.within(NODE_TIMEOUT_MS - 50, NODE_TIMEOUT_MS + 1500);
    }
  });

  it('close() ends the connection whose TLS handshake never finished: the node sees it go, nothing stays open', async () => {
    const before = hung.accepted;
    const g = gateway(hung.address);
    await timed(g.liveCheck());
    await waitFor('the hung node to accept the connection', 5000, () => hung.accepted > before || undefined);
    expect(hung.open).to.be.greaterThan(0);
    g.close();
    await waitFor('the hung node to see every connection closed', 5000, () => hung.open === 0 || undefined);
  });

  it('a refused connection fails at once (before node_timeout), in words', async () => {
    const port = await freePort();
    const r = await timed(gateway(`127.0.0.1:${port}`).list());
    expect(r.error?.code).to.equal('NODE_UNAVAILABLE');
    expect(r.error?.message).to.equal(`node node-a unavailable: connection refused (127.0.0.1:${port})`);
    expect(r.ms).to.be.below(NODE_TIMEOUT_MS);
  });

  it('an agent whose certificate the CA did not sign: TLS: <why>, at once', async () => {
    const other = makeUnrelatedCerts();
    try {
      const r = await timed(gateway(`127.0.0.1:${h.port}`, { ca: other.ca }).list());
      expect(r.error?.code).to.equal('NODE_UNAVAILABLE');
      expect(r.error?.message).to.match(/^node node-a unavailable: TLS: \S.*certificate/);
      expect(r.ms).to.be.below(NODE_TIMEOUT_MS);
    } finally {
      other.cleanup();
    }
  });

  it('a token the agent refuses: "token refused", exit code class UNAUTHENTICATED', async () => {
    const r = await timed(gateway(`127.0.0.1:${h.port}`, { token: 'forged' }).list());
    expect(r.error?.code).to.equal('UNAUTHENTICATED');
    expect(r.error?.message).to.match(/^node node-a: token refused: /);
  });

  it('a read slower than node_timeout times out; one that answers in time is untouched', async () => {
    publish(h.runtime, spec());
    await gateway(`127.0.0.1:${h.port}`, { timeoutMs: 20000 }).deploy({ spec: spec() });
    expect((await gateway(`127.0.0.1:${h.port}`).liveCheck()).services).to.have.length(1);
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    h.runtime.onCall = () => held;
    try {
      const r = await timed(gateway(`127.0.0.1:${h.port}`).liveCheck());
      expect(r.error?.message).to.equal('node node-a unavailable: timed out after 2s (connected, but no answer)');
    } finally {
      release();
    }
  });

  it('an accepted mutation runs as long as it needs: a stop held for 3 x node_timeout still answers', async () => {
    publish(h.runtime, spec());
    await gateway(`127.0.0.1:${h.port}`, { timeoutMs: 20000 }).deploy({ spec: spec() });
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    h.runtime.onCall = (call) => (call.startsWith('stop') ? held : Promise.resolve());
    const stopping = timed(gateway(`127.0.0.1:${h.port}`).stop('metacrypt'));
    await waitFor('the stop to reach the runtime', 5000, () => h.runtime.calls.some((c) => c.startsWith('stop')) || undefined);
    await new Promise((r) => setTimeout(r, 3 * NODE_TIMEOUT_MS));
    release();
    const r = await stopping;
    expect(r.error, r.error?.message).to.equal(undefined);
    expect(r.ms).to.be.at.least(3 * NODE_TIMEOUT_MS);
  });

  it('a followed stream that stays quiet is not a hung node: the agent admitted it (headers), so it lasts until aborted', async () => {
    publish(h.runtime, spec());
    await gateway(`127.0.0.1:${h.port}`, { timeoutMs: 20000 }).deploy({ spec: spec() });
    const controller = new AbortController();
    const lines: unknown[] = [];
    const reading = timed(
      (async () => {
        for await (const line of gateway(`127.0.0.1:${h.port}`).logs({ service: 'metacrypt', follow: true, tail: 0 }, controller.signal)) lines.push(line);
      })(),
    );
    await new Promise((r) => setTimeout(r, 3 * NODE_TIMEOUT_MS));
    controller.abort();
    const r = await reading;
    expect(r.error, r.error?.message).to.equal(undefined);
    expect(r.ms).to.be.at.least(3 * NODE_TIMEOUT_MS);
  });
});

async function drain<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}
