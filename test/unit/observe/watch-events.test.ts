import { expect } from 'chai';
import { EventFeed } from '../../../src/application/agent/events/event-feed';
import { publishingRegistry } from '../../../src/application/agent/events/publishing-registry';
import { DEFAULT_HISTORY, WatchEventsUseCase } from '../../../src/application/agent/events/watch-events.use-case';
import type { EventsBatch } from '../../../src/application/shared/results/events-batch';
import { isDomainError } from '../../../src/domain/errors/domain-error';
import type { TransitionEvent } from '../../../src/domain/events/transition-event';
import { FakeRegistry } from '../../fakes/fake-registry';

const spec = (name: string) => ({
  name,
  node: 'rift',
  active: true,
  components: [{ spec: { name: 'api', image: 'reg/api:v1', restart: 'unless-stopped', ports: [], volumes: [], cmd: [], env: {}, pull: 'always' as const }, desired: 'running' as const, observed: 'running' as const, version: 'v1' }],
});

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const t = (service: string, s: number): TransitionEvent => ({ kind: 'transition', service, component: 'api', from: 'running', to: 'exited', at: at(s) });

async function setUp(maxQueued?: number) {
  const inner = new FakeRegistry();
  const feed = new EventFeed();
  const registry = publishingRegistry(inner, feed);
  await registry.saveService(spec('web'));
  await registry.saveService(spec('db'));
  const watch = new WatchEventsUseCase(registry, feed, maxQueued);
  return { registry, feed, watch };
}

/** Takes batches until `n` events (and the caught-up mark, when following) arrived. */
async function take(it: AsyncIterator<EventsBatch>, n: number): Promise<{ events: TransitionEvent[]; caughtUp: boolean }> {
  const events: TransitionEvent[] = [];
  let caughtUp = false;
  while (events.length < n) {
    const next = await it.next();
    if (next.done) break;
    events.push(...(next.value.events as TransitionEvent[]));
    caughtUp ||= next.value.caughtUp === true;
  }
  return { events, caughtUp };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('WatchEventsUseCase (mcp events)', () => {
  it('sends history oldest first, for one service or all, and ends without follow', async () => {
    const { registry, watch } = await setUp();
    await registry.addEvents([t('web', 1), t('db', 2), t('web', 3)]);
    const all: TransitionEvent[] = [];
    for await (const b of watch.stream({ follow: false })) all.push(...(b.events as TransitionEvent[]));
    expect(all.map((e) => `${e.service}@${e.at.getUTCSeconds()}`)).to.deep.equal(['web@1', 'db@2', 'web@3']);
    const web: string[] = [];
    for await (const b of watch.stream({ service: 'web', since: at(2), follow: false })) web.push(...b.events.map((e) => `${e.service}@${e.at.getUTCSeconds()}`));
    expect(web).to.deep.equal(['web@3']);
  });

  it('without --since sends only the last DEFAULT_HISTORY events', async () => {
    const { registry, watch } = await setUp();
    await registry.addEvents(Array.from({ length: DEFAULT_HISTORY + 5 }, (_, i) => t('web', i)));
    let n = 0;
    for await (const b of watch.stream({ follow: false })) n += b.events.length;
    expect(n).to.equal(DEFAULT_HISTORY);
  });

  it('an unknown service is SERVICE_NOT_FOUND', async () => {
    const { watch } = await setUp();
    const e = await watch.stream({ service: 'nope', follow: false }).next().catch((x: unknown) => x);
    expect(isDomainError(e) && e.code).to.equal('SERVICE_NOT_FOUND');
  });

  it('follow: history, a caught-up mark, then each event as it is recorded (no polling), only of its service', async () => {
    const { registry, watch, feed } = await setUp();
    await registry.addEvents([t('web', 1)]);
    const controller = new AbortController();
    const it = watch.stream({ service: 'web', follow: true, signal: controller.signal })[Symbol.asyncIterator]();
    const history = await take(it, 1);
    expect(history.events).to.have.length(1);
    const mark = await it.next();
    expect(mark.value).to.deep.equal({ events: [], caughtUp: true });
    expect(feed.followers).to.equal(1);
    const next = it.next();
    await registry.addEvents([t('db', 5), t('web', 6)]);
    const live = await next;
    expect((live.value as EventsBatch).events.map((e) => e.service)).to.deep.equal(['web']);
    controller.abort();
    expect((await it.next()).done).to.equal(true);
    expect(feed.followers, 'an ended follower is unsubscribed').to.equal(0);
  });

  it('an event recorded while history is read is sent once', async () => {
    const { registry, watch } = await setUp();
    const e = t('web', 1);
    const original = registry.listEvents.bind(registry);
    registry.listEvents = async (q) => {
      await registry.addEvents([e]);
      return original(q);
    };
    const controller = new AbortController();
    const it = watch.stream({ follow: true, signal: controller.signal })[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value!.events).to.have.length(1);
    expect((await it.next()).value).to.deep.equal({ events: [], caughtUp: true });
    const pending = it.next();
    await settle();
    controller.abort();
    expect((await pending).done).to.equal(true);
  });

  it('a follower that does not take its events fails with CLIENT_TOO_SLOW; the writers never wait', async () => {
    const { registry, watch, feed } = await setUp(3);
    const it = watch.stream({ follow: true })[Symbol.asyncIterator]();
    await it.next(); // the caught-up mark (no history)
    for (let i = 0; i < 5; i++) await registry.addEvents([t('web', i)]);
    // Still not pulling: it no longer listens, so nothing more piles up for it.
    expect(feed.followers).to.equal(0);
    const e = await it.next().catch((x: unknown) => x);
    expect(isDomainError(e) && e.code).to.equal('CLIENT_TOO_SLOW');
    expect(feed.followers).to.equal(0);
  });
});

describe('publishingRegistry', () => {
  it('publishes a batch only once it is stored, and passes every other call through', async () => {
    const inner = new FakeRegistry();
    const feed = new EventFeed();
    const seen: number[] = [];
    feed.subscribe((events) => seen.push(events.length));
    const registry = publishingRegistry(inner, feed);
    await registry.saveService(spec('web'));
    expect((await registry.getService('web'))?.name).to.equal('web');
    await registry.addEvents([t('web', 1), t('web', 2)]);
    expect(seen).to.deep.equal([2]);
    expect(await inner.listEvents({})).to.have.length(2);
    inner.addEvents = async () => {
      throw new Error('disk full');
    };
    await registry.addEvents([t('web', 3)]).catch(() => undefined);
    expect(seen, 'nothing published when storing failed').to.deep.equal([2]);
  });

  it('a listener that throws is dropped, the writer goes on', async () => {
    const feed = new EventFeed();
    feed.subscribe(() => {
      throw new Error('bad listener');
    });
    const registry = publishingRegistry(new FakeRegistry(), feed);
    await registry.saveService(spec('web'));
    await registry.addEvents([t('web', 1)]);
    expect(feed.followers).to.equal(0);
  });
});
