import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors/domain-error';
import { rejection } from '../../support/rejection';
import { makeSut, spec } from './cli-sut';

describe('CLI ReadNodesCommand (list, ps, status)', () => {
  it('list asks every configured node, in config order', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec());
    sut.gateways.node('vade').hold(spec({ name: 'mc-proxy', node: 'vade', components: [{ name: 'mc-proxy', image: 'reg/proxy:v1' }] }));
    const rows = await sut.commands.read.list();
    expect(rows.map((r) => [r.node, r.ok])).to.deep.equal([['rift', true], ['vade', true]]);
    expect(sut.gateways.callsTo('list').map((c) => c.node).sort()).to.deep.equal(['rift', 'vade']);
    expect(sut.gateways.callsTo('liveCheck')).to.be.empty;
  });

  it('a dead node gets its own error row and the others still answer', async () => {
    const sut = makeSut({ nodes: [{ name: 'rift', address: 'a:1' }, { name: 'dead', address: 'b:1' }, { name: 'vade', address: 'c:1' }] });
    sut.gateways.node('rift').hold(spec());
    sut.gateways.failNode('dead');
    const rows = await sut.commands.read.ps();
    expect(rows.map((r) => [r.node, r.ok])).to.deep.equal([['rift', true], ['dead', false], ['vade', true]]);
    const dead = rows[1]!;
    expect(!dead.ok && dead.error.code).to.equal('NODE_UNAVAILABLE');
    expect(sut.gateways.callsTo('liveCheck')).to.have.length(3);
  });

  it('a missing token is one failure before any node is asked, not an error row per node', async () => {
    const sut = makeSut();
    sut.gateways.localFailure = new DomainError('UNAUTHENTICATED', 'no token at /home/op/.config/mcp/token: run `mcp login`');
    for (const read of [() => sut.commands.read.list(), () => sut.commands.read.ps(), () => sut.commands.read.status({})]) {
      expect((await rejection(read())).message).to.match(/run `mcp login`/);
    }
    expect(sut.gateways.calls).to.deep.equal([]);
  });

  it('asks all nodes at once, not one after another', async () => {
    const sut = makeSut();
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const real = sut.gateways.open.bind(sut.gateways);
    sut.gateways.open = async (node) => {
      const g = await real(node);
      const list = g.list.bind(g);
      g.list = async () => {
        started.push(node.name);
        await gate;
        return list();
      };
      return g;
    };
    const pending = sut.commands.read.list();
    await new Promise((r) => setImmediate(r));
    expect(started.sort()).to.deep.equal(['rift', 'vade']);
    release();
    expect(await pending).to.have.length(2);
  });

  it('status <service> drops "not known here" rows from the other nodes, keeps real failures', async () => {
    const sut = makeSut({ nodes: [{ name: 'rift', address: 'a:1' }, { name: 'vade', address: 'b:1' }, { name: 'dead', address: 'c:1' }] });
    sut.gateways.node('rift').hold(spec(), { web: 'exited' });
    sut.gateways.failNode('dead');
    const rows = await sut.commands.read.status({ service: 'metacrypt' });
    expect(rows.map((r) => [r.node, r.ok])).to.deep.equal([['rift', true], ['dead', false]]);
    expect(sut.gateways.callsTo('status')[0]!.arg).to.deep.equal({ service: 'metacrypt' });
  });

  it('status <service> that no node knows keeps the not-found rows', async () => {
    const sut = makeSut();
    const rows = await sut.commands.read.status({ service: 'ghost' });
    expect(rows.map((r) => !r.ok && r.error.code)).to.deep.equal(['SERVICE_NOT_FOUND', 'SERVICE_NOT_FOUND']);
  });
});

describe('CLI SyncCommand', () => {
  it('loads every definition, groups them by node, and sends each agent only its own', async () => {
    const sut = makeSut({ nodes: [{ name: 'rift', address: 'a:1' }, { name: 'vade', address: 'b:1' }, { name: 'empty', address: 'c:1' }] });
    const a = spec({ name: 'metacrypt', node: 'rift' });
    const b = spec({ name: 'mc-proxy', node: 'vade', components: [{ name: 'mc-proxy', image: 'reg/proxy:v1' }] });
    const c = spec({ name: 'blog', node: 'rift', components: [{ name: 'blog', image: 'reg/blog:v2' }] });
    sut.definitions.put(a).put(b).put(c);
    const rows = await sut.commands.sync.execute();
    const sent = Object.fromEntries(sut.gateways.callsTo('sync').map((x) => [x.node, (x.arg as typeof a[]).map((s) => s.name)]));
    expect(sent).to.deep.equal({ rift: ['metacrypt', 'blog'], vade: ['mc-proxy'], empty: [] });
    expect(rows.map((r) => [r.node, r.ok && r.value.results.map((x) => `${x.service}:${x.change}`)])).to.deep.equal([
      ['rift', ['metacrypt:created', 'blog:created']],
      ['vade', ['mc-proxy:created']],
      ['empty', []],
    ]);
  });

  it('refuses, before sending anything, a definition naming a node that is not configured', async () => {
    const sut = makeSut();
    sut.definitions.put(spec()).put(spec({ name: 'lost', node: 'atlantis' }));
    try {
      await sut.commands.sync.execute();
      expect.fail('sync should fail');
    } catch (e) {
      expect((e as DomainError).code).to.equal('CONFIG_INVALID');
      expect((e as DomainError).message).to.contain('lost.toml names node atlantis, which is not in [[nodes]]');
    }
    expect(sut.gateways.calls).to.be.empty;
  });

  it('an unreachable node is an error row; the others are synced', async () => {
    const sut = makeSut();
    sut.definitions.put(spec()).put(spec({ name: 'x', node: 'vade' }));
    sut.gateways.failNode('vade');
    const rows = await sut.commands.sync.execute();
    expect(rows.map((r) => [r.node, r.ok])).to.deep.equal([['rift', true], ['vade', false]]);
  });
});
