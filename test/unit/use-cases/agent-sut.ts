import { AdoptContainersUseCase } from '../../../src/application/use-cases/adopt-containers.use-case';
import { DeployUseCase } from '../../../src/application/use-cases/deploy.use-case';
import { GetServiceStatusUseCase } from '../../../src/application/use-cases/get-service-status.use-case';
import { ListServicesUseCase } from '../../../src/application/use-cases/list-services.use-case';
import { LiveCheckUseCase } from '../../../src/application/use-cases/live-check.use-case';
import { RestartServiceUseCase } from '../../../src/application/use-cases/restart-service.use-case';
import { KeyedLock } from '../../../src/application/use-cases/shared/keyed-lock';
import { ServiceLifecycle } from '../../../src/application/use-cases/shared/service-lifecycle';
import { StartServiceUseCase } from '../../../src/application/use-cases/start-service.use-case';
import { StopServiceUseCase } from '../../../src/application/use-cases/stop-service.use-case';
import { SyncDesiredStateUseCase } from '../../../src/application/use-cases/sync-desired-state.use-case';
import { type ServiceInput, createServiceSpec } from '../../../src/domain/service/service-spec';
import { FakeClock } from '../../fakes/fake-clock';
import { FakeRegistry } from '../../fakes/fake-registry';
import { FakeRuntime } from '../../fakes/fake-runtime';

export const NODE = 'rift';

/** Every agent use case over one set of fakes, as the bootstrap would wire them. */
export function makeSut() {
  const registry = new FakeRegistry();
  const runtime = new FakeRuntime();
  const clock = new FakeClock();
  const lock = new KeyedLock();
  const settings = { nodeName: NODE };
  const lifecycle = new ServiceLifecycle(registry, runtime, clock, lock);
  const liveCheck = new LiveCheckUseCase(registry, runtime, clock, settings);
  return {
    registry,
    runtime,
    clock,
    lock,
    deploy: new DeployUseCase(registry, runtime, clock, lock, settings),
    stop: new StopServiceUseCase(lifecycle, runtime),
    start: new StartServiceUseCase(lifecycle, runtime),
    restart: new RestartServiceUseCase(lifecycle, runtime),
    list: new ListServicesUseCase(registry, settings),
    liveCheck,
    status: new GetServiceStatusUseCase(registry, liveCheck),
    sync: new SyncDesiredStateUseCase(registry, runtime, lock, settings),
    adopt: new AdoptContainersUseCase(registry, runtime, clock, lock, settings),
  };
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
