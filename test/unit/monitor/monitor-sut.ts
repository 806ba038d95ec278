import type { MonitorSettings } from '../../../src/application/agent/ports/agent-settings.port';
import type { Notifier } from '../../../src/application/agent/ports/notifier.port';
import type { Metrics } from '../../../src/application/agent/ports/metrics.port';
import { MonitorTick } from '../../../src/application/agent/monitor/monitor-tick.use-case';
import { KeyedLock } from '../../../src/application/agent/support/keyed-lock';
import type { ComponentRecord } from '../../../src/domain/service/service-record';
import type { DesiredState, ObservedState } from '../../../src/domain/state/states';
import { FakeClock } from '../../fakes/fake-clock';
import { FakeRegistry } from '../../fakes/fake-registry';
import { FakeRuntime } from '../../fakes/fake-runtime';
import { MemoryLogger } from '../../fakes/memory-logger';
import { RecordingNotifier } from '../../fakes/recording-notifier';

export const MINUTE = 60_000;
export const DAY = 86_400_000;

export const DEFAULT_MONITOR: MonitorSettings = {
  intervalMs: MINUTE,
  cooldownMs: 15 * MINUTE,
  flapThreshold: 3,
  flapWindowMs: 10 * MINUTE,
  retentionMs: 30 * DAY,
};

export interface ComponentSeed {
  readonly name: string;
  readonly desired?: DesiredState;
  /** What the registry last recorded. */
  readonly recorded?: ObservedState;
  /** What the runtime shows now; undefined = no container. */
  readonly actual?: ObservedState;
}

export function makeSut(options: { monitor?: Partial<MonitorSettings>; notifier?: Notifier; metrics?: Metrics } = {}) {
  const registry = new FakeRegistry();
  const runtime = new FakeRuntime();
  const recording = new RecordingNotifier();
  const clock = new FakeClock('2026-03-01T12:00:00Z');
  const logger = new MemoryLogger();
  const monitor = { ...DEFAULT_MONITOR, ...options.monitor };
  const lock = new KeyedLock();
  const tick = new MonitorTick(registry, runtime, options.notifier ?? recording, clock, logger, { nodeName: 'rift', monitor }, lock, options.metrics);

  const containerOf = (service: string, component: string): string => (service === component ? service : `${service}-${component}`);

  async function addService(service: string, components: readonly ComponentSeed[]): Promise<void> {
    const records: ComponentRecord[] = components.map((c) => ({
      spec: { name: c.name, image: `reg/${c.name}:v1`, restart: 'unless-stopped', ports: [], volumes: [], cmd: [], env: {}, pull: 'always' },
      desired: c.desired ?? 'running',
      observed: c.recorded ?? 'running',
      version: 'v1',
    }));
    await registry.saveService({ name: service, node: 'rift', active: true, components: records });
    for (const c of components) {
      if (c.actual !== undefined) runtime.addContainer({ name: containerOf(service, c.name), image: `reg/${c.name}:v1` }, c.actual);
    }
  }

  /** Changes (or creates, or with undefined removes) the container of a component. */
  function setActual(service: string, component: string, state: ObservedState | undefined): void {
    const name = containerOf(service, component);
    if (state === undefined) {
      runtime.containers.delete(name);
      return;
    }
    const existing = runtime.containers.get(name);
    if (existing) existing.state = state;
    else runtime.addContainer({ name, image: `reg/${component}:v1` }, state);
  }

  async function observedOf(service: string, component: string): Promise<ComponentRecord> {
    const s = await registry.getService(service);
    const c = s?.components.find((x) => x.spec.name === component);
    if (!c) throw new Error(`test setup: no component ${service}/${component}`);
    return c;
  }

  return { tick, lock, registry, runtime, notifier: recording, clock, logger, monitor, addService, setActual, observedOf };
}
