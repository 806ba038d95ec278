import { expect } from 'chai';
import type { ContainerRuntime } from '../../src/application/agent/ports/container-runtime.port';
import { DomainError, ErrorCode } from '../../src/domain/errors/domain-error';
import { rejection } from '../support/rejection';
import { spec } from './contract-spec';
import type { RuntimeUnderTest } from './runtime-under-test';

/** What the node shows of these containers: name and state, in name order. */
async function snapshot(runtime: ContainerRuntime, names: readonly string[]): Promise<string[]> {
  return (await runtime.list())
    .filter((c) => names.includes(c.name))
    .map((c) => `${c.name} ${c.state === 'stopped' ? 'exited' : c.state}`)
    .sort();
}

async function drain(lines: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const line of lines) if (line) n++;
  return n;
}

/** Each runtime call the deploy protocol makes, on a node with `a` running and `b` exited (names given). */
function calls(t: RuntimeUnderTest, a: string, b: string, fresh: string): Record<string, () => Promise<unknown>> {
  return {
    inspect: () => t.runtime.inspect([a, b]),
    list: () => t.runtime.list(),
    hasImage: () => t.runtime.hasImage(t.pullableImage),
    pull: () => t.runtime.pull(t.pullableImage),
    stop: () => t.runtime.stop(a),
    start: () => t.runtime.start(b),
    rename: () => t.runtime.rename(a, fresh),
    run: () => t.runtime.run(spec(fresh, t.pullableImage)),
    remove: () => t.runtime.remove(b),
    logs: () => drain(t.logs.logs(a, { tail: 5, follow: false })),
  };
}

/**
 * How engine calls fail, which the deploy protocol's undo relies on: a
 * failed call changes nothing. Real engines show it with calls that fail
 * for a real reason; the FakeRuntime's injected faults (which the deploy
 * fault matrix uses) must look the same: a DomainError an engine gives,
 * nothing changed, and a crash that leaves exactly what the call did.
 */
export function runtimeFaultsContract(get: () => RuntimeUnderTest): void {
  describe('failures', () => {
    it('a call the engine refuses changes nothing on the node', async () => {
      const t = get();
      const a = t.name('fa');
      const b = t.name('fb');
      await t.runtime.run(spec(a, t.pullableImage));
      await t.runtime.run(spec(b, t.pullableImage));
      await t.runtime.stop(b);
      const before = await snapshot(t.runtime, [a, b]);
      // One at a time, as the deploy makes them.
      const refused: Array<[string, () => Promise<unknown>]> = [
        ['run over a name in use', () => t.runtime.run(spec(a, t.pullableImage))],
        ['rename onto a name in use', () => t.runtime.rename(a, b)],
        ['rename of an absent container', () => t.runtime.rename(t.name('ghost'), t.name('ghost2'))],
        ['start of an absent container', () => t.runtime.start(t.name('ghost'))],
        ['stop of an absent container', () => t.runtime.stop(t.name('ghost'))],
        ['logs of an absent container', () => drain(t.logs.logs(t.name('ghost'), { tail: 5, follow: false }))],
      ];
      for (const [what, call] of refused) {
        const e = await rejection(call());
        expect(e.code, what).to.be.oneOf([ErrorCode.RuntimeFailed, ErrorCode.ContainerNotFound]);
        expect(await snapshot(t.runtime, [a, b]), what).to.deep.equal(before);
      }
    });
  });
}

/**
 * A runtime's injected faults (the FakeRuntime's, which the deploy fault
 * matrix uses) must look like the refusals above: a DomainError an engine
 * gives, nothing changed; and a crash must leave exactly what the call does
 * on a healthy runtime.
 */
export function injectedFaultsContract(get: () => RuntimeUnderTest & Required<Pick<RuntimeUnderTest, 'faults'>>): void {
  describe('injected faults', () => {
    for (const kind of ['inspect', 'list', 'hasImage', 'pull', 'stop', 'start', 'rename', 'run', 'remove', 'logs']) {
      it(`a failed ${kind} is refused as an engine refuses (RUNTIME_FAILED, nothing changed), once`, async () => {
        const t = get();
        const [a, b, fresh] = [t.name('ia'), t.name('ib'), t.name('inew')];
        await t.runtime.run(spec(a, t.pullableImage));
        await t.runtime.run(spec(b, t.pullableImage));
        await t.runtime.stop(b);
        const before = await snapshot(t.runtime, [a, b, fresh]);
        t.faults.failNextCall();
        const e = await rejection(calls(t, a, b, fresh)[kind]!());
        expect(e.code).to.equal(ErrorCode.RuntimeFailed);
        expect(await snapshot(t.runtime, [a, b, fresh])).to.deep.equal(before);
        await calls(t, a, b, fresh)[kind]!();
      });

      it(`a crash after ${kind} leaves what ${kind} does, and refuses every call until restarted`, async () => {
        const t = get();
        const crashed = [t.name('ca'), t.name('cb'), t.name('cnew')] as const;
        const healthy = [t.name('ha'), t.name('hb'), t.name('hnew')] as const;
        for (const [a, b] of [crashed, healthy]) {
          await t.runtime.run(spec(a, t.pullableImage));
          await t.runtime.run(spec(b, t.pullableImage));
          await t.runtime.stop(b);
        }
        await calls(t, ...healthy)[kind]!();
        t.faults.crashAfterNextCall();
        const crash = await calls(t, ...crashed)[kind]!().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(crash).to.be.instanceOf(Error).and.not.be.instanceOf(DomainError);
        expect(await t.runtime.list().catch((e: unknown) => e)).to.be.instanceOf(Error);
        t.faults.restart();
        const shown = (names: readonly string[]) => snapshot(t.runtime, names).then((s) => s.map((l) => l.replace(/^\S+/, (n) => `#${names.indexOf(n)}`)));
        expect(await shown(crashed)).to.deep.equal(await shown(healthy));
      });
    }
  });
}
