import { expect } from 'chai';
import type { DeployStep } from '../../../src/application/shared/results/deploy-step';
import { publish, spec } from '../../unit/agent/agent-sut';
import { VIEWER, startGrpcHarness } from './grpc-harness';

type Harness = Awaited<ReturnType<typeof startGrpcHarness>>;

describe('DeployWatch over TLS (127.0.0.1)', function () {
  this.timeout(30000);
  let h: Harness;
  beforeEach(async () => (h = await startGrpcHarness()));
  afterEach(async () => h.close());

  const checked = () =>
    spec({ components: [{ name: 'api', image: 'reg/api:v2', health: { http: 'http://127.0.0.1:9/healthz', intervalMs: 10_000, timeoutMs: 1_000, retries: 2, startPeriodMs: 2_000 } }] });

  it('streams each step as it happens, then the result; the check travels with the spec', async () => {
    publish(h.runtime, checked());
    h.probe.script('http://127.0.0.1:9/healthz', (n) => (n < 2 ? { ok: false, output: 'HTTP 503' } : { ok: true, output: 'HTTP 200' }));
    const steps: DeployStep[] = [];
    const out = await h.gateway().deploy({ spec: checked() }, (s) => steps.push(s));
    expect(out.results.map((r) => [r.component, r.ok])).to.deep.equal([['api', true]]);
    expect(steps.map((s) => s.step)).to.deep.equal(['pulling', 'pulled', 'starting', 'waiting', 'healthy', 'done']);
    expect(steps[4]).to.deep.equal({ component: 'api', step: 'healthy', elapsedMs: 1000 });
    const list = await h.gateway().list();
    expect(list.services[0]!.spec).to.deep.equal(checked());
    expect(list.services[0]!.components[0]!.health).to.equal('healthy');
  });

  it('keeps a zero start_period apart from an absent one', async () => {
    const zero = spec({ components: [{ name: 'api', image: 'reg/api:v2', health: { tcp: '127.0.0.1:9', startPeriodMs: 0 } }] });
    publish(h.runtime, zero);
    h.probe.script('127.0.0.1:9', () => ({ ok: true, output: 'connected' }));
    await h.gateway().deploy({ spec: zero });
    expect((await h.gateway().list()).services[0]!.spec.components[0]!.health!.startPeriodMs).to.equal(0);
  });

  it('carries a failed deploy: the reason, the log tail, restored components', async () => {
    const two = spec({ components: [{ name: 'api', image: 'reg/api:v1' }, { name: 'web', image: 'reg/web:v1' }] });
    publish(h.runtime, two);
    await h.gateway().deploy({ spec: two });
    const next = spec({ components: [{ name: 'api', image: 'reg/api:v1' }, { name: 'web', image: 'reg/web:v1', cmd: ['nope'] }] });
    h.runtime.failNext.run.add('metacrypt-web');
    h.output.logLines.set('metacrypt-web', ['exec: "nope": executable file not found in $PATH']);
    const out = await h.gateway().deploy({ spec: next }, () => undefined);
    expect(out.results.map((r) => [r.component, r.ok, r.restored ?? false, r.error?.code])).to.deep.equal([
      ['api', false, true, 'DEPLOY_UNDONE'],
      ['web', false, true, 'RUNTIME_FAILED'],
    ]);
    expect(out.results[1]!.logTail).to.deep.equal(['exec: "nope": executable file not found in $PATH']);
  });

  it('refuses a non-admin before deploying anything', async () => {
    publish(h.runtime, checked());
    const err = await h.gateway(VIEWER).deploy({ spec: checked() }, () => undefined).catch((e) => e);
    expect(err.code).to.equal('PERMISSION_DENIED');
    expect(h.runtime.calls).to.deep.equal([]);
    expect(h.audit.lines.some((l) => l.fields?.method === 'DeployWatch' && l.fields?.code === 'PERMISSION_DENIED')).to.equal(true);
  });
});
