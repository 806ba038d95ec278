import { expect } from 'chai';
import { type NodeResult, askNodes, fanOut } from '../../../src/application/operator/support/fan-out';
import type { NodeView } from '../../../src/application/shared/results/service-view';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import { FakeAgentGatewayFactory } from '../../fakes/fake-agent-gateway';
import { makeSut, spec } from './cli-sut';

const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `n${i}`, address: `10.0.0.${i}:9444` }));

/** A promise and the function that settles it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('fan-out: every multi-node command asks its nodes through it', () => {
  it('asks at most `parallel` nodes at once, closes every gateway, and keeps config order', async () => {
    const factory = new FakeAgentGatewayFactory();
    factory.parallel = 3;
    const all = nodes(10);
    const slow = gate();
    all.forEach((n) => (factory.node(n.name).answerAfter = slow.promise));
    const rows = fanOut(factory, all, (g) => g.list());
    await settle();
    expect(factory.opened - factory.closed).to.equal(3);
    slow.open();
    const done = await rows;
    expect(done.map((r) => r.node)).to.deep.equal(all.map((n) => n.name));
    expect(done.every((r) => r.ok)).to.equal(true);
    expect(factory.peakOpen).to.equal(3);
    expect([factory.opened, factory.closed]).to.deep.equal([10, 10]);
  });

  it('a slow node holds only its own slot: the others are asked and answered meanwhile', async () => {
    const factory = new FakeAgentGatewayFactory();
    factory.parallel = 2;
    const all = nodes(6);
    const slow = gate();
    factory.node('n0').answerAfter = slow.promise;
    const rows = fanOut(factory, all, (g) => g.list());
    await settle();
    // n0 still holds its slot; the other slot has asked n1..n5 one after another, each answered and closed.
    expect(factory.calls.map((c) => c.node)).to.deep.equal(['n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
    expect([factory.opened, factory.closed]).to.deep.equal([6, 5]);
    slow.open();
    expect((await rows).map((r) => r.node)).to.deep.equal(['n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
    expect(factory.closed).to.equal(6);
  });

  it('a failing node is one error row with its code and words; the gateway is closed all the same', async () => {
    const factory = new FakeAgentGatewayFactory();
    factory.failNode('n1', new DomainError(ErrorCode.NodeUnavailable, 'node n1 unavailable: timed out after 5s (connected, but the TLS handshake got no answer)'));
    const rows: NodeResult<NodeView>[] = await fanOut(factory, nodes(3), (g) => g.list());
    expect(rows.map((r) => (r.ok ? [r.node, 'ok'] : [r.node, r.error.code, r.error.message]))).to.deep.equal([
      ['n0', 'ok'],
      ['n1', 'NODE_UNAVAILABLE', 'node n1 unavailable: timed out after 5s (connected, but the TLS handshake got no answer)'],
      ['n2', 'ok'],
    ]);
    expect(factory.closed).to.equal(3);
  });

  it('a local problem (no token, no CA) is one error before any node is asked', async () => {
    const factory = new FakeAgentGatewayFactory();
    factory.localFailure = new DomainError(ErrorCode.Unauthenticated, 'no token at /home/op/.config/mcp/token: run `mcp login`');
    let error: unknown;
    await fanOut(factory, nodes(3), (g) => g.list()).catch((e: unknown) => (error = e));
    expect((error as DomainError).code).to.equal('UNAUTHENTICATED');
    expect(factory.calls).to.deep.equal([]);
  });

  it('no nodes: no rows, and nothing opened', async () => {
    const factory = new FakeAgentGatewayFactory();
    expect(await askNodes(factory, [], async () => 1)).to.deep.equal([]);
    expect(factory.opened).to.equal(0);
  });

  it('ps, list, status, plan, sync, export --all and events all stay within `parallel`', async () => {
    const all = nodes(7);
    const runs: Array<[string, (sut: ReturnType<typeof makeSut>) => Promise<unknown>]> = [
      ['list', (s) => s.commands.read.list()],
      ['ps', (s) => s.commands.read.ps()],
      ['status', (s) => s.commands.read.status()],
      ['plan', (s) => s.commands.plan.execute({ services: [] })],
      ['sync', (s) => s.commands.sync.execute()],
      ['export --all', (s) => s.commands.exports.execute({ all: true })],
      ['events', (s) => s.commands.events.execute({ follow: false })],
      ['deploy of a file-less service (who holds it?)', (s) => s.commands.deploy.execute({ target: 'metacrypt' })],
    ];
    for (const [name, run] of runs) {
      const sut = makeSut({ nodes: all });
      sut.gateways.parallel = 2;
      sut.gateways.node('n3').hold(spec({ node: 'n3' }));
      await run(sut);
      expect(sut.gateways.peakOpen, name).to.equal(2);
      expect(sut.gateways.closed, name).to.equal(sut.gateways.opened);
    }
  });
});
