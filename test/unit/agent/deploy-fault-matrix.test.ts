import { expect } from 'chai';
import { FakeRegistry } from '../../fakes/fake-registry';
import { FakeRuntime } from '../../fakes/fake-runtime';
import { MemoryDeployJournal } from '../../fakes/memory-deploy-journal';
import { type WorldMaker, cleanDeployCalls, crashAfter, failAt, faultInRecovery, faultInUndo, lastGate, recoveryCallsAfter, undoCallsAfter } from '../../support/deploy/fault-matrix';

const memory: WorldMaker = {
  async make() {
    const registry = new FakeRegistry();
    return { runtime: new FakeRuntime(), registry, journal: new MemoryDeployJournal(registry) };
  },
  // Memory outlives the agent here: the same registry, journal and node.
  reopen: async (world) => world,
};

describe('deploy protocol under every fault (3 components, the old version running)', () => {
  let clean: string[];
  before(async () => {
    clean = await cleanDeployCalls(memory);
  });

  it('the fault-free deploy makes every kind of call the matrix faults', () => {
    const kinds = new Set(clean.map((c) => c.split(' ')[0]));
    for (const kind of ['pull', 'inspect', 'stop', 'rename', 'run', 'remove']) expect(kinds, kind).to.include(kind);
  });

  it('(a) a failure of the k-th call, for every k, leaves the service whole and the answer names the failing component', async () => {
    for (const [i, call] of clean.entries()) await failAt(memory, i + 1, call);
  });

  it('(b) a crash after the k-th call, for every k, is made whole by a fresh agent core\'s recovery', async () => {
    const versions = [];
    for (const [i, call] of clean.entries()) versions.push(await crashAfter(memory, i + 1, call));
    // Before the commit the old version comes back; after it, the new one stays.
    expect(versions[0]).to.equal('v1');
    expect(versions[versions.length - 1]).to.equal('v2');
  });

  describe('a fault in the undo itself', () => {
    let k: number;
    let undoCalls: string[];
    before(async () => {
      k = lastGate(clean);
      undoCalls = await undoCallsAfter(memory, k);
    });

    it('fails at its m-th call, for every m: the entry is kept, the answer says what is not back, and the next start fixes it', async () => {
      const kept = [];
      for (const [i, call] of undoCalls.entries()) kept.push(await faultInUndo(memory, k, i + 1, 'fail', call));
      expect(kept.filter(Boolean).length).to.be.greaterThan(0);
    });

    it('dies after its m-th call, for every m: the next start brings the old version back whole', async () => {
      for (const [i, call] of undoCalls.entries()) await faultInUndo(memory, k, i + 1, 'crash', call);
    });
  });

  it('a recovery that fails at its j-th call, for every j, keeps the entry; the next start makes the service whole', async () => {
    // Killed with a and b replaced and c stopped: the recovery has every kind of step to do.
    const k = clean.indexOf('stop shop-c') + 1;
    const calls = await recoveryCallsAfter(memory, k);
    expect(calls.filter((c) => c.startsWith('rename'))).to.have.length(2);
    for (const [i, call] of calls.entries()) await faultInRecovery(memory, k, i + 1, call);
  });
});
