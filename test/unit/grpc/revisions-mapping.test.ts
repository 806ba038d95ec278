import { expect } from 'chai';
import { historyFromWire, historyToWire, rollbackFromWire, rollbackToWire } from '../../../src/adapters/grpc/mapping/revisions.mapping';
import type { RollbackOutcome, ServiceHistory } from '../../../src/application/shared/results/history';
import { createServiceSpec } from '../../../src/domain/service/service-spec';

const spec = createServiceSpec({ name: 'web', node: 'rift', components: [{ name: 'api', image: 'reg/api:latest', env: { K: 'v' } }] }, 'test');

describe('wire mapping of revisions', () => {
  it('round-trips a history: numbered and failed attempts, digests present and absent, current and none', () => {
    const h: ServiceHistory = {
      service: 'web',
      node: 'rift',
      current: 2,
      revisions: [
        { service: 'web', number: 2, at: new Date('2026-01-02T00:00:00Z'), by: 'kyle', result: 'deployed', note: 'rollback to 1', spec, components: [{ name: 'api', image: 'reg/api:latest', imageId: 'abc', repoDigest: 'reg/api@sha256:aa' }] },
        { service: 'web', at: new Date('2026-01-01T12:00:00Z'), by: 'ann', result: 'failed', note: 'api: boom', spec, components: [{ name: 'api', image: 'reg/api:latest', imageId: '' }] },
      ],
    };
    expect(historyFromWire(historyToWire(h))).to.deep.equal(h);
    const empty: ServiceHistory = { service: 'web', node: 'rift', revisions: [] };
    expect(historyFromWire(historyToWire(empty))).to.deep.equal(empty);
  });

  it('round-trips a rollback, succeeded or failed', () => {
    const ok: RollbackOutcome = { outcome: { service: 'web', results: [{ component: 'api', container: 'web-api', ok: true, desired: 'running', observed: 'running', version: 'latest' }], revision: 3 }, to: 1, revision: 3, spec };
    expect(rollbackFromWire(rollbackToWire(ok))).to.deep.equal(ok);
    const failed: RollbackOutcome = { outcome: { service: 'web', results: [{ component: 'api', container: 'web-api', ok: false, error: { code: 'RUNTIME_FAILED', message: 'x' } }] }, to: 1, spec };
    expect(rollbackFromWire(rollbackToWire(failed))).to.deep.equal(failed);
  });

  it('refuses an unknown result from an agent', () => {
    const w = historyToWire({ service: 'web', node: 'rift', revisions: [{ service: 'web', number: 1, at: new Date(0), by: 'k', result: 'deployed', note: '', spec, components: [] }] });
    w.revisions[0]!.result = 'exploded';
    expect(() => historyFromWire(w)).to.throw(/unknown revision result "exploded"/);
  });
});
