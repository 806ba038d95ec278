import { expect } from 'chai';
import type { EventsBatch } from '../../../src/application/shared/results/events-batch';
import { isDomainError } from '../../../src/domain/errors/domain-error';
import type { TransitionEvent } from '../../../src/domain/events/transition-event';
import { publish, spec } from '../../unit/agent/agent-sut';
import { ADMIN, NO_ROLE, startGrpcHarness } from '../grpc/grpc-harness';
import { Metadata, credentials } from '@grpc/grpc-js';
import * as pb from '../../../src/adapters/grpc/generated/mcp/v1/mcp';

type Harness = Awaited<ReturnType<typeof startGrpcHarness>>;

const waitUntil = async (what: string, check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

const transition = (i: number): TransitionEvent => ({ kind: 'transition', service: 'metacrypt', component: 'api', from: 'running', to: 'exited', at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)) });

describe('StreamLogs / StreamEvents over real TLS gRPC (use cases on fakes)', function () {
  this.timeout(30000);
  let h: Harness;
  beforeEach(async () => {
    h = await startGrpcHarness();
    publish(h.runtime, spec());
    await h.gateway().deploy({ spec: spec() });
  });
  afterEach(async () => h.close());

  it('logs: lines of each component with stream and time; one audit line and one metric per call', async () => {
    h.runtime.writeLog('metacrypt-api', 'stdout', 'hello', new Date('2026-01-01T00:00:01Z'));
    h.runtime.writeLog('metacrypt-web', 'stderr', 'oops', new Date('2026-01-01T00:00:02Z'));
    const lines = [];
    for await (const batch of h.gateway().logs({ service: 'metacrypt', tail: 10, follow: false })) lines.push(...batch);
    expect(lines).to.deep.equal([
      { component: 'api', stream: 'stdout', time: new Date('2026-01-01T00:00:01Z'), line: 'hello' },
      { component: 'web', stream: 'stderr', time: new Date('2026-01-01T00:00:02Z'), line: 'oops' },
    ]);
    expect(h.metrics.rpcs.filter((r) => r.method === 'StreamLogs').map((r) => r.code)).to.deep.equal(['OK']);
    expect(h.audit.lines.filter((l) => l.fields['method'] === 'StreamLogs')).to.have.length(1);
  });

  it('logs to a client from before batches (batched unset): one line per message in the single-line fields', async () => {
    h.runtime.writeLog('metacrypt-api', 'stdout', 'one', new Date('2026-01-01T00:00:01Z'));
    h.runtime.writeLog('metacrypt-api', 'stderr', 'two', new Date('2026-01-01T00:00:02Z'));
    const bearer = credentials.createFromMetadataGenerator((_p, cb) => {
      const m = new Metadata();
      m.set('authorization', `Bearer ${ADMIN}`);
      cb(null, m);
    });
    const client = new pb.AgentServiceClient(`127.0.0.1:${h.port}`, credentials.combineChannelCredentials(credentials.createSsl(h.certs.ca), bearer));
    try {
      const messages: pb.StreamLogsResponse[] = [];
      for await (const m of client.streamLogs({ service: 'metacrypt', component: 'api', since: undefined, follow: false, batched: false }) as AsyncIterable<pb.StreamLogsResponse>) messages.push(m);
      expect(messages.map((m) => [m.component, m.stream, m.time?.toISOString(), m.line, m.batches.length])).to.deep.equal([
        ['api', pb.LogStream.LOG_STREAM_STDOUT, '2026-01-01T00:00:01.000Z', 'one', 0],
        ['api', pb.LogStream.LOG_STREAM_STDERR, '2026-01-01T00:00:02.000Z', 'two', 0],
      ]);
    } finally {
      client.close();
    }
  });

  it('logs -f: a client that goes away ends the follow on the agent (no follower left)', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const following = (async () => {
      for await (const batch of h.gateway().logs({ service: 'metacrypt', component: 'api', follow: true }, controller.signal)) seen.push(...batch.map((l) => l.line));
    })();
    await waitUntil('the follower', () => h.runtime.logFollowerCount('metacrypt-api') === 1);
    h.runtime.writeLog('metacrypt-api', 'stdout', 'live');
    await waitUntil('the live line', () => seen.includes('live'));
    controller.abort();
    await following;
    await waitUntil('the follower to be gone', () => h.runtime.logFollowerCount() === 0);
    await waitUntil('the audit line', () => h.audit.lines.some((l) => l.fields['method'] === 'StreamLogs' && l.fields['code'] === 'CANCELLED'));
  });

  it('logs -f to a client that stops reading: the agent stops pulling lines (backpressure), answers other calls, and lets go on cancel', async () => {
    let pulled = 0;
    let closed = false;
    h.runtime.logs = async function* () {
      try {
        for (;;) {
          pulled++;
          yield [{ stream: 'stdout' as const, time: new Date(), line: `line ${pulled} ${'x'.repeat(200)}` }];
          if (pulled % 100 === 0) await new Promise((r) => setImmediate(r));
        }
      } finally {
        closed = true;
      }
    };
    const controller = new AbortController();
    const iterator = h.gateway().logs({ service: 'metacrypt', component: 'api', follow: true }, controller.signal)[Symbol.asyncIterator]();
    await iterator.next(); // one line read, then nothing
    await new Promise((r) => setTimeout(r, 500));
    const plateau = pulled;
    await new Promise((r) => setTimeout(r, 500));
    expect(pulled, 'no more lines pulled while the client reads none').to.equal(plateau);
    expect(plateau, 'bounded by flow-control windows, not by the source').to.be.below(5000);
    expect((await h.gateway().list()).node).to.equal('rift');
    controller.abort();
    await iterator.return?.();
    await waitUntil('the source to be closed', () => closed);
  });

  it('logs of an unknown service or component: NOT_FOUND with the domain code; refused without a role', async () => {
    const collect = async (p: AsyncIterable<unknown>) => {
      for await (const _ of p) void _;
    };
    const unknown = await collect(h.gateway().logs({ service: 'nope', follow: false })).catch((e: unknown) => e);
    expect(isDomainError(unknown) && unknown.code).to.equal('SERVICE_NOT_FOUND');
    const comp = await collect(h.gateway().logs({ service: 'metacrypt', component: 'db', follow: false })).catch((e: unknown) => e);
    expect(isDomainError(comp) && comp.code).to.equal('COMPONENT_NOT_FOUND');
    const viewer = await collect(h.gateway(NO_ROLE).logs({ service: 'metacrypt', follow: false })).catch((e: unknown) => e);
    expect(isDomainError(viewer) && viewer.code).to.equal('PERMISSION_DENIED');
  });

  it('events -f: history, the caught-up mark, then live events as recorded; cancelling unsubscribes', async () => {
    await h.publishing.addEvents([transition(1)]);
    const controller = new AbortController();
    const batches: EventsBatch[] = [];
    const following = (async () => {
      for await (const b of h.gateway().events({ service: 'metacrypt', follow: true }, controller.signal)) batches.push(b);
    })();
    await waitUntil('caught up', () => batches.some((b) => b.caughtUp));
    // The harness's deploy recorded a deploy event too: this test follows transitions.
    const transitions = () => batches.flatMap((b) => b.events).filter((e) => e.kind === 'transition');
    expect(batches[0]!.events.filter((e) => e.kind === 'transition')).to.have.length(1);
    expect(h.feed.followers).to.equal(1);
    await h.publishing.addEvents([transition(2)]);
    await waitUntil('the live event', () => transitions().length === 2);
    controller.abort();
    await following;
    await waitUntil('the follower to be unsubscribed', () => h.feed.followers === 0);
  });

  it('events -f from a client that stops reading ends with CLIENT_TOO_SLOW; the writer never waits and the agent goes on', async () => {
    const iterator = h.gateway().events({ follow: true })[Symbol.asyncIterator]();
    while (!(await iterator.next()).value?.caughtUp);
    // The client reads nothing now: HTTP/2 flow control fills, then the follower's queue overflows.
    const sent = 300 * 100;
    for (let i = 0; i < 300; i++) await h.publishing.addEvents(Array.from({ length: 100 }, (_, j) => transition(i * 100 + j)));
    let error: unknown;
    let received = 0;
    try {
      while (received < sent) {
        const next = await iterator.next();
        if (next.done) break;
        received += next.value.events.length;
      }
    } catch (e) {
      error = e;
    }
    expect(received, 'some events were dropped with the follower').to.be.below(sent);
    expect(isDomainError(error) && error.code, String(error)).to.equal('CLIENT_TOO_SLOW');
    expect((error as Error).message).to.match(/reads too slowly/);
    expect(h.feed.followers).to.equal(0);
    expect((await h.gateway().list()).node).to.equal('rift');
  });
});
