import { expect } from 'chai';
import { createAgentUseCases } from '../../../src/application/agent/agent-use-cases';
import type { DeployJournal } from '../../../src/application/agent/ports/deploy-journal.port';
import type { Registry } from '../../../src/application/agent/ports/registry.port';
import { KeyedLock } from '../../../src/application/agent/support/keyed-lock';
import type { ServiceOutcome } from '../../../src/application/shared/results/component-outcome';
import { ErrorCode } from '../../../src/domain/errors/domain-error';
import { createServiceSpec } from '../../../src/domain/service/service-spec';
import { FakeClock } from '../../fakes/fake-clock';
import { FakeCrash, type FakeRuntime } from '../../fakes/fake-runtime';
import { FakeSleeper } from '../../fakes/fake-sleeper';
import { MemoryFileStore } from '../../fakes/memory-file-store';
import { ScriptedHealthProbe } from '../../fakes/scripted-health-probe';

export const SERVICE = 'shop';
export const COMPONENTS = ['a', 'b', 'c'] as const;

/** The service at a version: three components, each on its own image of that version. */
export function shopSpec(version: 'v1' | 'v2') {
  return createServiceSpec({ name: SERVICE, node: 'rift', components: COMPONENTS.map((c) => ({ name: c, image: `reg/shop-${c}:${version}` })) }, 'test');
}

/** What outlives an agent: the node's containers, and the registry with its journal. */
export interface FaultWorld {
  readonly runtime: FakeRuntime;
  readonly registry: Registry;
  readonly journal: DeployJournal;
}

/**
 * Wraps the registry or journal so that, once the runtime has "crashed",
 * the agent that crashed cannot write any more either (it is dead); a new
 * core is built on the unwrapped store.
 */
function diesWith<T extends object>(store: T, runtime: FakeRuntime): T {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (runtime.isCrashed ? Promise.reject(new FakeCrash(`agent crashed: no ${String(prop)}`)) : (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}

/** A fresh agent core (every use case) on the world's state, as a restarted agent builds it. */
export function agentCore(world: FaultWorld) {
  const clock = new FakeClock();
  return createAgentUseCases({
    registry: diesWith(world.registry, world.runtime),
    journal: diesWith(world.journal, world.runtime),
    runtime: world.runtime,
    logs: world.runtime,
    exec: world.runtime,
    clock,
    files: new MemoryFileStore(),
    lock: new KeyedLock(),
    settings: { nodeName: 'rift', maxFileSize: 1024, settleTimeMs: 0, keepRevisions: 3 },
    probe: new ScriptedHealthProbe(),
    sleeper: new FakeSleeper(clock),
  });
}

/** Publishes both versions' images and deploys v1: the old version, running. */
export async function withOldVersion(world: FaultWorld): Promise<void> {
  for (const v of ['v1', 'v2'] as const) for (const c of shopSpec(v).components) world.runtime.published.add(c.image);
  const first = await agentCore(world).deploy.execute({ spec: shopSpec('v1') });
  expect(first.results.every((r) => r.ok)).to.equal(true);
}

/** The deploy of v2 as the k-th fault finds it: its answer, or what it threw. */
export async function deployV2(world: FaultWorld): Promise<{ outcome?: ServiceOutcome; thrown?: unknown }> {
  try {
    return { outcome: await agentCore(world).deploy.execute({ spec: shopSpec('v2') }) };
  } catch (e) {
    return { thrown: e };
  }
}

/**
 * The promise after any fault: every component has exactly one container
 * named `<c>`, running; all on the old version or all on the new; no
 * `.mcp-prev`; the registry's spec is what runs. Answers the version.
 */
export async function expectWhole(world: FaultWorld, what: string): Promise<'v1' | 'v2'> {
  const names = [...world.runtime.containers.keys()].sort();
  expect(names, what).to.deep.equal(COMPONENTS.map((c) => `${SERVICE}-${c}`));
  const running = COMPONENTS.map((c) => world.runtime.containers.get(`${SERVICE}-${c}`)!);
  expect(
    running.map((c) => c.state),
    what,
  ).to.deep.equal(['running', 'running', 'running']);
  const versions = new Set(running.map((c) => c.image.split(':')[1]));
  expect([...versions], `${what}: one version`).to.have.length(1);
  const version = [...versions][0] as 'v1' | 'v2';
  const record = await world.registry.getService(SERVICE);
  expect(
    record!.components.map((c) => c.spec.image),
    `${what}: registry`,
  ).to.deep.equal(running.map((c) => c.image));
  return version;
}

/** The component a runtime call is about, when it names one of the service's containers. */
export function componentOfCall(call: string): string | undefined {
  const named = new Set(
    call
      .split(/[ ,]/)
      .slice(1)
      .map((n) => /^shop-([a-z]+)(\.mcp-prev)?$/.exec(n)?.[1])
      .filter((c): c is string => c !== undefined),
  );
  if (named.size === 1) return [...named][0];
  // A pull names the image of one component.
  return /^pull reg\/shop-([a-z]+):/.exec(call)?.[1];
}

/** The failing component of a failed deploy's answer (the one not merely undone). */
export function failingComponents(outcome: ServiceOutcome): string[] {
  return outcome.results.filter((r) => !r.ok && r.error?.code !== ErrorCode.DeployUndone).map((r) => r.component);
}
