import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { rejection } from '../../support/rejection';
import { publish, spec } from '../../unit/agent/agent-sut';
import { VIEWER, startGrpcHarness } from './grpc-harness';

describe('secret RPCs over TLS (127.0.0.1)', function () {
  this.timeout(30000);
  let h: Awaited<ReturnType<typeof startGrpcHarness>>;
  beforeEach(async () => (h = await startGrpcHarness()));
  afterEach(async () => h.close());

  it('sets, lists and removes; no answer and no audit line carries the value', async () => {
    const marker = `marker-${randomBytes(8).toString('hex')}`;
    const g = h.gateway();
    const set = await g.setSecret({ service: 'metacrypt', name: 'db-password', value: Buffer.from(marker) });
    expect(set).to.deep.include({ name: 'db-password', set: true, version: 1, size: marker.length, updatedBy: 'kyle', usedBy: [] });
    const withRef = spec({ components: [{ name: 'api', image: 'reg/metacrypt:v1.2.0', secrets: { DB_PASSWORD: 'db-password' } }] });
    publish(h.runtime, withRef);
    await g.deploy({ spec: withRef });
    const listed = await g.listSecrets('metacrypt');
    expect(listed.map((s) => [s.name, s.version, s.usedBy])).to.deep.equal([['db-password', 1, ['api']]]);
    expect(await rejection(g.removeSecret({ service: 'metacrypt', name: 'db-password' }))).to.have.property('code', 'SECRET_IN_USE');
    const seen = JSON.stringify([set, listed, h.audit.lines, await g.liveCheck(), await g.history('metacrypt')]);
    expect(seen).to.not.contain(marker);
    expect(h.audit.lines.map((l) => l.fields?.['method'])).to.include.members(['SetSecret', 'ListSecrets', 'RemoveSecret']);
  });

  it('refuses a caller without the admin role', async () => {
    const e = await rejection(h.gateway(VIEWER).setSecret({ service: 'metacrypt', name: 'db-password', value: Buffer.from('x') }));
    expect(e.code).to.equal('PERMISSION_DENIED');
    expect(h.secretStore.versions).to.deep.equal([]);
  });
});
