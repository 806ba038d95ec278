import { createAgentUseCases } from '../../../src/application/agent/agent-use-cases';
import { KeyedLock } from '../../../src/application/agent/support/keyed-lock';
import { type ServiceInput, createServiceSpec } from '../../../src/domain/service/service-spec';
import { FakeClock } from '../../fakes/fake-clock';
import { FakeRegistry } from '../../fakes/fake-registry';
import { FakeRuntime } from '../../fakes/fake-runtime';
import { MemoryFileStore } from '../../fakes/memory-file-store';
import { FakeSleeper } from '../../fakes/fake-sleeper';
import { MemoryDeployJournal } from '../../fakes/memory-deploy-journal';
import { ScriptedContainerOutput } from '../../fakes/scripted-container-output';
import { ScriptedHealthProbe } from '../../fakes/scripted-health-probe';
import { MemorySecretStore } from '../../fakes/memory-secret-store';

export const NODE = 'rift';

/** Every agent use case over one set of fakes, wired as the composition root wires them. */
/** `settleTimeMs` defaults to 0 so that a deploy does not move the clock for tests about something else. */
export function makeSut(options: { settleTimeMs?: number } = {}) {
  const registry = new FakeRegistry();
  const runtime = new FakeRuntime();
  const clock = new FakeClock();
  const lock = new KeyedLock();
  const files = new MemoryFileStore();
  const journal = new MemoryDeployJournal(registry);
  const output = new ScriptedContainerOutput();
  const probe = new ScriptedHealthProbe();
  const sleeper = new FakeSleeper(clock);
  const secretStore = new MemorySecretStore();
  const useCases = createAgentUseCases({
    registry,
    runtime,
    clock,
    files,
    lock,
    settings: { nodeName: NODE, maxFileSize: 8 * 1024 * 1024, settleTimeMs: options.settleTimeMs ?? 0, keepRevisions: 3 },
    journal,
    logs: output,
    exec: output,
    probe,
    sleeper,
    secrets: secretStore,
  });
  return { secretStore, registry, runtime, clock, lock, files, journal, output, probe, sleeper, ...useCases };
}

export function spec(overrides: Partial<ServiceInput> = {}) {
  return createServiceSpec(
    {
      name: 'metacrypt',
      node: NODE,
      components: [
        { name: 'api', image: 'reg/metacrypt:v1.2.0', ports: ['127.0.0.1:8443:8443'], env: { LOG_LEVEL: 'info' } },
        { name: 'web', image: 'reg/metacrypt-web:v1.2.0' },
      ],
      ...overrides,
    },
    'test',
  );
}

/** Publishes every image of a spec so pulls succeed. */
export function publish(runtime: FakeRuntime, s: ReturnType<typeof spec>): void {
  for (const c of s.components) runtime.published.add(c.image);
}

/** A SUT with `spec()` deployed and the runtime's call log cleared. */
export async function deployed() {
  const sut = makeSut();
  publish(sut.runtime, spec());
  await sut.deploy.execute({ spec: spec() });
  sut.runtime.calls.length = 0;
  return sut;
}
