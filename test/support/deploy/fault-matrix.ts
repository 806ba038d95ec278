import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors/domain-error';
import { type FaultWorld, agentCore, componentOfCall, deployV2, expectWhole, failingComponents, withOldVersion } from './fault-world';

/** Makes a world with the old version running; `reopen` is the same world as a restarted agent opens it. */
export interface WorldMaker {
  make(): Promise<FaultWorld>;
  reopen(world: FaultWorld): Promise<FaultWorld>;
}

/** The calls a fault-free deploy of v2 makes, in order (what k counts). */
export async function cleanDeployCalls(maker: WorldMaker): Promise<string[]> {
  const w = await maker.make();
  await withOldVersion(w);
  const from = w.runtime.calls.length;
  const { outcome } = await deployV2(w);
  expect(outcome?.results.every((r) => r.ok)).to.equal(true);
  expect(await expectWhole(w, 'clean deploy')).to.equal('v2');
  return w.runtime.calls.slice(from);
}

/** (a) The k-th call fails: the deploy ends whole (old or new) and its answer names the failing component. */
export async function failAt(maker: WorldMaker, k: number, call: string): Promise<void> {
  const w = await maker.make();
  await withOldVersion(w);
  const from = w.runtime.calls.length;
  w.runtime.failCallAt(w.runtime.callCount + k);
  const { outcome, thrown } = await deployV2(w);
  const what = `call ${k} (${call}) fails`;
  expect(w.runtime.calls[from + k - 1], what).to.equal(call);
  const version = await expectWhole(w, what);
  expect(await w.journal.list(), `${what}: journal`).to.deep.equal([]);
  if (thrown !== undefined) {
    // Refused before anything was touched.
    expect(thrown, what).to.be.instanceOf(DomainError);
    expect((thrown as DomainError).message, what).to.contain('injected failure');
    expect(version, what).to.equal('v1');
  } else if (outcome!.results.every((r) => r.ok)) {
    expect(version, what).to.equal('v2');
  } else {
    expect(version, what).to.equal('v1');
    const failing = failingComponents(outcome!);
    expect(failing, `${what}: the answer names one failing component`).to.have.length(1);
    const named = componentOfCall(call);
    if (named !== undefined) expect(failing[0], what).to.equal(named);
    expect(outcome!.results.filter((r) => !failing.includes(r.component)).every((r) => r.restored === true), what).to.equal(true);
  }
}

/** (b) The agent dies after the k-th call: a new agent's recovery leaves the service whole. */
export async function crashAfter(maker: WorldMaker, k: number, call: string): Promise<'v1' | 'v2'> {
  const what = `crash after call ${k} (${call})`;
  const again = await crashedAt(maker, k);
  const report = await agentCore(again).recoverDeploys.execute();
  expect(
    report.undone.flatMap((u) => u.problems),
    what,
  ).to.deep.equal([]);
  const version = await expectWhole(again, what);
  expect(await again.journal.list(), `${what}: journal`).to.deep.equal([]);
  return version;
}

/**
 * The undo itself fails (`how` = fail) or dies (crash) at its m-th call,
 * after the deploy failed at call k: a failed restore keeps the entry and
 * says which component is not back and in what state; the next start
 * (a new agent core) brings the old version back whole.
 */
export async function faultInUndo(maker: WorldMaker, k: number, m: number, how: 'fail' | 'crash', call: string): Promise<boolean> {
  const w = await maker.make();
  await withOldVersion(w);
  const base = w.runtime.callCount;
  w.runtime.failCallAt(base + k);
  if (how === 'fail') w.runtime.failCallAt(base + k + m);
  else w.runtime.crashAfterCall(base + k + m);
  const { outcome } = await deployV2(w);
  const what = `deploy fails at call ${k}, undo ${how}s at its call ${m} (${call})`;
  const notBack = outcome?.results.filter((r) => !r.ok && r.error?.message.startsWith('could not restore')) ?? [];
  for (const r of notBack) expect(r.error!.message, what).to.match(/; now: .*\.mcp-prev (absent|exited|running)/);
  const kept = (await w.journal.list()).length > 0;
  if (how === 'fail') expect(kept, `${what}: entry kept exactly when a component is not back`).to.equal(notBack.length > 0);
  w.runtime.restart();
  const again = await maker.reopen(w);
  await agentCore(again).recoverDeploys.execute();
  expect(await expectWhole(again, what), what).to.equal('v1');
  expect(await again.journal.list(), `${what}: journal`).to.deep.equal([]);
  return kept;
}


/** The call the deploy fails at for the undo matrix: the last gate, so every component is replaced and the undo has the most to do. */
export function lastGate(clean: readonly string[]): number {
  return clean.lastIndexOf('inspect shop-c') + 1;
}

/** The calls the undo (and what follows it) makes after the deploy fails at call k. */
export async function undoCallsAfter(maker: WorldMaker, k: number): Promise<string[]> {
  const w = await maker.make();
  await withOldVersion(w);
  const from = w.runtime.calls.length;
  w.runtime.failCallAt(w.runtime.callCount + k);
  await deployV2(w);
  const calls = w.runtime.calls.slice(from + k);
  expect(calls.filter((c) => c.startsWith('rename'))).to.have.length(3);
  return calls;
}

/** The node as a crash after call k leaves it, reopened for a new agent (its runtime restarted). */
async function crashedAt(maker: WorldMaker, k: number): Promise<FaultWorld> {
  const w = await maker.make();
  await withOldVersion(w);
  w.runtime.crashAfterCall(w.runtime.callCount + k);
  await deployV2(w);
  expect(w.runtime.isCrashed, `crash after call ${k}`).to.equal(true);
  w.runtime.restart();
  return maker.reopen(w);
}

/** The calls a recovery makes after a crash after call k. */
export async function recoveryCallsAfter(maker: WorldMaker, k: number): Promise<string[]> {
  const w = await crashedAt(maker, k);
  const from = w.runtime.calls.length;
  await agentCore(w).recoverDeploys.execute();
  return w.runtime.calls.slice(from);
}

/** The recovery after a crash after call k fails at its j-th call: the entry is kept, and the start after it makes the service whole. */
export async function faultInRecovery(maker: WorldMaker, k: number, j: number, call: string): Promise<void> {
  const w = await crashedAt(maker, k);
  const what = `crash after call ${k}, recovery fails at its call ${j} (${call})`;
  w.runtime.failCallAt(w.runtime.callCount + j);
  const first = await agentCore(w).recoverDeploys.execute();
  const reported = first.undone.some((u) => u.problems.length > 0);
  expect((await w.journal.list()).length, `${what}: entry kept exactly when a problem is reported`).to.equal(reported ? 1 : 0);
  const again = await maker.reopen(w);
  const report = await agentCore(again).recoverDeploys.execute();
  expect(
    report.undone.flatMap((u) => u.problems),
    what,
  ).to.deep.equal([]);
  expect(await expectWhole(again, what), what).to.equal('v1');
  expect(await again.journal.list(), `${what}: journal`).to.deep.equal([]);
}
