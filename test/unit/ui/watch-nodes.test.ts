import { expect } from 'chai';
import { type NodeState, type NodeWatcher, WatchNodesCommand, type WatchOptions } from '../../../src/application/operator/watch-nodes.command';
import type { Pause } from '../../../src/application/operator/ports/pause.port';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import type { NodeEvent } from '../../../src/domain/events/transition-event';
import { AsyncChannel } from '../../fakes/async-channel';
import { FakeAgentGatewayFactory } from '../../fakes/fake-agent-gateway';
import { FakeClock } from '../../fakes/fake-clock';
import { waitFor } from '../../support/wait-for';
import { MemoryNodes, spec } from '../cli/cli-sut';

const RETRY = 1000;
const REFRESH = 5000;

/** Retries come back on the next turn of the loop; the periodic refresh only when the test says so. */
class TestPause implements Pause {
  readonly retries: number[] = [];
  private refreshers: Array<() => void> = [];
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms === RETRY) {
      this.retries.push(ms);
      return new Promise((r) => setImmediate(r));
    }
    return new Promise((resolve) => {
      this.refreshers.push(resolve);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }
  refreshNow(): void {
    const r = this.refreshers;
    this.refreshers = [];
    r.forEach((f) => f());
  }
}

class Recorder implements NodeWatcher {
  readonly states: NodeState[] = [];
  readonly events: Array<{ node: string; event: NodeEvent; live: boolean }> = [];
  node(state: NodeState): void {
    this.states.push(state);
  }
  event(node: string, event: NodeEvent, live: boolean): void {
    this.events.push({ node, event, live });
  }
  last(node: string): NodeState | undefined {
    return this.states.filter((s) => s.node === node).at(-1);
  }
}

function makeSut(identify?: WatchOptions['identify']) {
  const gateways = new FakeAgentGatewayFactory();
  const nodes = new MemoryNodes([
    { name: 'rift', address: 'rift:9444' },
    { name: 'vade', address: 'vade:9444' },
  ]);
  const clock = new FakeClock('2026-01-10T12:00:00Z');
  const pause = new TestPause();
  const watch = new WatchNodesCommand(nodes, gateways, clock, pause, { retryMs: RETRY, refreshMs: REFRESH, ...(identify ? { identify } : {}) });
  const watcher = new Recorder();
  const stop = new AbortController();
  return { gateways, clock, pause, watch, watcher, stop, run: () => watch.watch(watcher, stop.signal) };
}

const transition = (service: string, component: string, at: string): NodeEvent => ({ kind: 'transition', service, component, from: 'running', to: 'exited', at: new Date(at) });

describe('WatchNodesCommand (what mcp ui sees of every node)', () => {
  it('each node: its view once connected; its history as non-live events; a live event, then a fresh view', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec({ name: 'web' }));
    sut.gateways.node('rift').nodeEvents.push(transition('web', 'app', '2026-01-10T11:00:00Z'));
    const live = new AsyncChannel<NodeEvent>();
    sut.gateways.node('rift').liveChannel = live;
    const running = sut.run();
    await waitFor('both nodes', 2000, () => (sut.watcher.last('rift')?.reachable && sut.watcher.last('vade')?.reachable) || undefined);
    const rift = sut.watcher.last('rift');
    expect(rift?.reachable && rift.view.services.map((s) => s.spec.name)).to.deep.equal(['web']);
    expect(sut.watcher.events.map((e) => e.live)).to.deep.equal([false]);
    const views = sut.watcher.states.length;
    live.push(transition('web', 'app', '2026-01-10T12:00:01Z'));
    await waitFor('the live event and a new view', 2000, () => (sut.watcher.events.length === 2 && sut.watcher.states.length > views) || undefined);
    expect(sut.watcher.events[1]).to.include({ node: 'rift', live: true });
    expect(sut.gateways.callsTo('events').map((c) => c.node).sort(), 'one stream per node').to.deep.equal(['rift', 'vade']);
    sut.stop.abort();
    await running;
    expect(sut.gateways.opened).to.equal(sut.gateways.closed);
  });

  it('an event storm while a view is read: every event passes at once, and one more read serves them all (not one per event)', async () => {
    const sut = makeSut();
    const live = new AsyncChannel<NodeEvent>();
    const rift = sut.gateways.node('rift');
    rift.liveChannel = live;
    const running = sut.run();
    await waitFor('rift up', 2000, () => sut.watcher.last('rift')?.reachable || undefined);
    const reads = () => sut.gateways.callsTo('list').filter((c) => c.node === 'rift').length;
    expect(reads()).to.equal(1);
    let answer!: () => void;
    rift.answerAfter = new Promise<void>((r) => (answer = r));
    live.push(transition('web', 'app', '2026-01-10T12:00:01Z'));
    await waitFor('a read for the first event', 2000, () => (reads() === 2 ? true : undefined));
    for (let i = 2; i <= 20; i++) live.push(transition('web', 'app', `2026-01-10T12:00:${String(i).padStart(2, '0')}Z`));
    await waitFor('all 20 events, the read still pending', 2000, () => (sut.watcher.events.length === 20 ? true : undefined));
    const views = sut.watcher.states.filter((s) => s.node === 'rift').length;
    rift.answerAfter = undefined;
    answer();
    await waitFor('two more views', 2000, () => (sut.watcher.states.filter((s) => s.node === 'rift').length === views + 2 ? true : undefined));
    expect(reads(), 'the first read, the one for the first event, one for the 19 that came while it ran').to.equal(3);
    sut.stop.abort();
    await running;
  });

  it('a node that fails is reported as such, the others are not held up, and it comes back by itself', async () => {
    const sut = makeSut();
    sut.gateways.failNode('vade');
    const running = sut.run();
    await waitFor('vade unreachable, rift reachable', 2000, () => (sut.watcher.last('vade')?.reachable === false && sut.watcher.last('rift')?.reachable) || undefined);
    const vade = sut.watcher.last('vade');
    expect(vade?.reachable === false && vade.error).to.deep.equal({ code: ErrorCode.NodeUnavailable, message: 'node vade unavailable: connect ECONNREFUSED' });
    sut.gateways.node('vade').failure = undefined;
    await waitFor('vade back', 2000, () => sut.watcher.last('vade')?.reachable || undefined);
    expect(sut.pause.retries.length).to.be.greaterThan(0);
    sut.stop.abort();
    await running;
  });

  it('a node that stops answering while watched: unreachable at the next refresh, then back', async () => {
    const sut = makeSut();
    const running = sut.run();
    await waitFor('rift up', 2000, () => sut.watcher.last('rift')?.reachable || undefined);
    sut.gateways.failNode('rift');
    sut.pause.refreshNow();
    await waitFor('rift down', 2000, () => (sut.watcher.last('rift')?.reachable === false ? true : undefined));
    sut.gateways.node('rift').failure = undefined;
    await waitFor('rift back', 2000, () => sut.watcher.last('rift')?.reachable || undefined);
    sut.stop.abort();
    await running;
  });

  it('no CA certificate or token: every node says why, once per try', async () => {
    const sut = makeSut();
    sut.gateways.localFailure = new DomainError(ErrorCode.ConfigInvalid, 'tls.ca_cert is not set');
    const running = sut.run();
    await waitFor('both nodes fail', 2000, () => (sut.watcher.states.length >= 2 ? true : undefined));
    expect(sut.watcher.states.slice(0, 2).map((s) => [s.node, !s.reachable && s.error.message])).to.deep.equal([
      ['rift', 'tls.ca_cert is not set'],
      ['vade', 'tls.ca_cert is not set'],
    ]);
    sut.gateways.localFailure = undefined;
    await waitFor('then they connect', 2000, () => (sut.watcher.last('rift')?.reachable && sut.watcher.last('vade')?.reachable) || undefined);
    sut.stop.abort();
    await running;
  });

  it('asking who the token is: each node is asked once per connection, and its views carry the role and the agent release', async () => {
    let asked = 0;
    const sut = makeSut(async () => (asked++, { role: 'viewer', agentVersion: '1.2.3' }));
    const running = sut.run();
    await waitFor('both nodes', 2000, () => (sut.watcher.last('rift')?.reachable && sut.watcher.last('vade')?.reachable) || undefined);
    sut.pause.refreshNow();
    await waitFor('a second view of each', 2000, () => (sut.watcher.states.length >= 4 ? true : undefined));
    expect(sut.watcher.states.map((s) => s.reachable && [s.role, s.agentVersion])).to.deep.equal(Array(4).fill(['viewer', '1.2.3']));
    expect(asked).to.equal(2);
    sut.stop.abort();
    await running;
  });
});
