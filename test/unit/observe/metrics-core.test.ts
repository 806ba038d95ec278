import { expect } from 'chai';
import type { DeployInput } from '../../../src/application/agent/deploy.use-case';
import { meteredDeploy } from '../../../src/application/agent/metered-deploy';
import { ReadComponentMetricsUseCase, isHealthy } from '../../../src/application/agent/monitor/read-component-metrics.use-case';
import type { ServiceOutcome } from '../../../src/application/shared/results/component-outcome';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import type { ComponentRecord } from '../../../src/domain/service/service-record';
import { FakeClock } from '../../fakes/fake-clock';
import { FakeRegistry } from '../../fakes/fake-registry';
import { RecordingMetrics } from '../../fakes/recording-metrics';

const component = (name: string, desired: ComponentRecord['desired'], observed: ComponentRecord['observed']): ComponentRecord => ({
  spec: { name, image: 'reg/x:v1', restart: 'unless-stopped', ports: [], volumes: [], cmd: [], env: {}, pull: 'always' },
  desired,
  observed,
  version: 'v1',
});

describe('component metrics', () => {
  it('up, drift and healthy per component, from the registry', async () => {
    const registry = new FakeRegistry();
    await registry.saveService({ name: 'web', node: 'rift', active: true, components: [component('api', 'running', 'running'), component('worker', 'running', 'exited')] });
    await registry.saveService({ name: 'old', node: 'rift', active: false, components: [component('old', 'stopped', 'running')] });
    const rows = await new ReadComponentMetricsUseCase(registry).execute();
    expect(rows).to.deep.include.members([
      { service: 'web', component: 'api', up: true, drift: false, healthy: true },
      { service: 'web', component: 'worker', up: false, drift: true, healthy: false },
      { service: 'old', component: 'old', up: true, drift: true, healthy: true },
    ]);
  });

  it('healthy follows the health check when the component has one, else running', () => {
    const running = component('api', 'running', 'running');
    expect(isHealthy({ ...running, health: 'unhealthy' })).to.equal(false);
    expect(isHealthy({ ...running, health: 'starting' })).to.equal(false);
    expect(isHealthy({ ...component('api', 'running', 'exited'), health: 'healthy' })).to.equal(true);
    expect(isHealthy({ ...running, health: 'none' })).to.equal(true);
    expect(isHealthy(component('api', 'running', 'exited'))).to.equal(false);
  });
});

describe('meteredDeploy', () => {
  const outcome = (ok: boolean): ServiceOutcome => ({ service: 'web', results: [{ component: 'api', container: 'web-api', ok }] });

  it('counts deployed / failed with the time the deploy took, and passes the answer through', async () => {
    const clock = new FakeClock();
    const metrics = new RecordingMetrics();
    let ok = true;
    const deploy = {
      execute: async (_input: DeployInput) => {
        clock.advance(2500);
        return outcome(ok);
      },
      other: () => 'untouched',
    };
    const metered = meteredDeploy(deploy, metrics, clock);
    expect((await metered.execute({ serviceName: 'web' })).results[0]!.ok).to.equal(true);
    ok = false;
    await metered.execute({ serviceName: 'web' });
    expect(metrics.deploys).to.deep.equal([
      { service: 'web', result: 'deployed', seconds: 2.5 },
      { service: 'web', result: 'failed', seconds: 2.5 },
    ]);
    expect(metered.other()).to.equal('untouched');
  });

  it('passes every argument on (the gated deploy takes a progress listener)', async () => {
    const got: unknown[] = [];
    const deploy = {
      execute: async (_input: DeployInput, onStep: (s: string) => void = () => undefined) => {
        onStep('pulling');
        return outcome(true);
      },
    };
    await meteredDeploy(deploy, new RecordingMetrics(), new FakeClock()).execute({ serviceName: 'web' }, (s: string) => void got.push(s));
    expect(got).to.deep.equal(['pulling']);
  });

  it('a deploy that throws counts as failed (under a valid name only) and still throws', async () => {
    const metrics = new RecordingMetrics();
    const deploy = {
      execute: async (_input: DeployInput): Promise<ServiceOutcome> => {
        throw new DomainError(ErrorCode.ServiceInactive, 'inactive');
      },
    };
    const metered = meteredDeploy(deploy, metrics, new FakeClock());
    await metered.execute({ serviceName: 'web' }).catch(() => undefined);
    await metered.execute({ serviceName: 'NOT a name' }).catch(() => undefined);
    expect(metrics.deploys.map((d) => `${d.service} ${d.result}`)).to.deep.equal(['web failed']);
  });
});
