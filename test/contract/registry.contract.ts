import { expect } from 'chai';
import type { Registry } from '../../src/application/agent/ports/registry.port';
import { DomainError, ErrorCode } from '../../src/domain/errors/domain-error';
import { isTransition, type TransitionEvent } from '../../src/domain/events/transition-event';
import type { Revision } from '../../src/domain/revision/revision';
import type { ComponentRecord, ServiceRecord } from '../../src/domain/service/service-record';
import type { ComponentSpec } from '../../src/domain/service/service-spec';
import type { ObservedState } from '../../src/domain/state/states';

export interface RegistryUnderTest {
  registry: Registry;
  close(): Promise<void>;
}

const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (offsetMs: number): Date => new Date(T0 + offsetMs);

function spec(name: string, extra: Partial<ComponentSpec> = {}): ComponentSpec {
  return { name, image: `reg.example/${name}:v1`, restart: 'unless-stopped', ports: [], volumes: [], cmd: [], env: {}, pull: 'always', ...extra };
}

function component(name: string, extra: Partial<ComponentRecord> = {}, specExtra: Partial<ComponentSpec> = {}): ComponentRecord {
  return { spec: spec(name, specExtra), desired: 'running', observed: 'unknown', version: '', ...extra };
}

function service(name: string, components: ComponentRecord[], extra: Partial<ServiceRecord> = {}): ServiceRecord {
  return { name, node: 'rift', active: true, components, ...extra };
}

function event(service: string, component: string, offsetMs: number, to: ObservedState = 'exited', from: ObservedState = 'running'): TransitionEvent {
  return { kind: 'transition', service, component, from, to, at: at(offsetMs) };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}

/** The behaviour every Registry shares; run against the fake and the SQLite adapter alike. */
export function registryContract(name: string, makeRegistry: () => Promise<RegistryUnderTest>): void {
  describe(`Registry contract: ${name}`, () => {
    let subject: RegistryUnderTest;
    let r: Registry;

    beforeEach(async () => {
      subject = await makeRegistry();
      r = subject.registry;
    });
    afterEach(async () => {
      await subject.close();
    });

    describe('services and components', () => {
      it('returns undefined and an empty list when nothing is stored', async () => {
        expect(await r.getService('nope')).to.equal(undefined);
        expect(await r.listServices()).to.deep.equal([]);
      });

      it('reads back every field of a saved service', async () => {
        const full = component(
          'api',
          { desired: 'stopped', observed: 'exited', version: 'v1.2.0', observedAt: at(1000), startedAt: at(-5000), adopted: true },
          {
            network: 'mcpnet',
            user: '0:0',
            restart: 'on-failure:3',
            pull: 'missing',
            ports: ['127.0.0.1:8443:8443', '9000:9000'],
            volumes: ['/srv/a:/a:Z', '/srv/b:/b'],
            cmd: ['server', '--config', '/srv/metacrypt/metacrypt.toml', 'with space'],
            env: { LOG_LEVEL: 'info', EMPTY: '', B: 'x=y' },
          },
        );
        const bare = component('web');
        const record = service('metacrypt', [full, bare], { active: false, node: 'node-2' });
        await r.saveService(record);
        expect(await r.getService('metacrypt')).to.deep.equal(record);
      });

      it('keeps components, ports, volumes and cmd in the order saved', async () => {
        const record = service('order', [
          component('zeta', {}, { cmd: ['c', 'a', 'b'], ports: ['3:3', '1:1', '2:2'], volumes: ['/z:/z', '/a:/a'] }),
          component('alpha'),
          component('mid'),
        ]);
        await r.saveService(record);
        const got = await r.getService('order');
        expect(got!.components.map((c) => c.spec.name)).to.deep.equal(['zeta', 'alpha', 'mid']);
        expect(got!.components[0]!.spec.cmd).to.deep.equal(['c', 'a', 'b']);
        expect(got!.components[0]!.spec.ports).to.deep.equal(['3:3', '1:1', '2:2']);
        expect(got!.components[0]!.spec.volumes).to.deep.equal(['/z:/z', '/a:/a']);
      });

      it('lists services sorted by name with their components', async () => {
        const b = service('b-svc', [component('one'), component('two')]);
        const a = service('a-svc', [component('x')]);
        const a1 = service('a1', [component('y')]);
        await r.saveService(b);
        await r.saveService(a1);
        await r.saveService(a);
        expect(await r.listServices()).to.deep.equal([a, a1, b]);
      });

      it('replaces a service with exactly the components given', async () => {
        await r.saveService(service('svc', [component('old', {}, { env: { A: '1' }, cmd: ['x'] }), component('kept', {}, { ports: ['1:1'] })]));
        const next = service('svc', [component('kept', { desired: 'stopped' }, { ports: ['2:2'] }), component('new')], { node: 'other', active: false });
        await r.saveService(next);
        expect(await r.getService('svc')).to.deep.equal(next);
        expect(await r.listServices()).to.have.length(1);
      });

      it('allows the same component name in two services', async () => {
        const one = service('one', [component('api', { version: 'v1' })]);
        const two = service('two', [component('api', { version: 'v2' })]);
        await r.saveService(one);
        await r.saveService(two);
        expect(await r.getService('one')).to.deep.equal(one);
        expect(await r.getService('two')).to.deep.equal(two);
      });

      it('rejects duplicate component names in one service and keeps what was stored', async () => {
        const before = service('svc', [component('api')]);
        await r.saveService(before);
        const err = await rejection(r.saveService(service('svc', [component('web'), component('web')])));
        expect(err).to.be.instanceOf(DomainError);
        expect((err as DomainError).code).to.equal(ErrorCode.InvalidSpec);
        expect((err as DomainError).message).to.contain('web');
        expect(await r.getService('svc')).to.deep.equal(before);
      });

      it('deletes a service: true when it existed, false otherwise', async () => {
        await r.saveService(service('gone', [component('a')]));
        await r.saveService(service('stays', [component('a')]));
        expect(await r.deleteService('gone')).to.equal(true);
        expect(await r.deleteService('gone')).to.equal(false);
        expect(await r.getService('gone')).to.equal(undefined);
        expect((await r.listServices()).map((s) => s.name)).to.deep.equal(['stays']);
      });

      it('hands out copies: changing a returned record changes nothing stored', async () => {
        await r.saveService(service('svc', [component('api', {}, { cmd: ['a'] })]));
        const got = (await r.getService('svc')) as unknown as { components: Array<{ spec: { cmd: string[] } }> };
        got.components[0]!.spec.cmd.push('mutated');
        expect((await r.getService('svc'))!.components[0]!.spec.cmd).to.deep.equal(['a']);
      });
    });

    describe('observed state', () => {
      beforeEach(async () => {
        await r.saveService(service('svc', [component('api', { version: 'v1', startedAt: at(-60_000) }), component('db', { desired: 'stopped' })]));
        await r.saveService(service('other', [component('api')]));
      });

      it('applies a batch of updates', async () => {
        await r.updateObserved([
          { service: 'svc', component: 'api', observed: 'running', at: at(1000), startedAt: at(500), version: 'v2' },
          { service: 'svc', component: 'db', observed: 'exited', at: at(1000) },
        ]);
        const got = await r.getService('svc');
        expect(got!.components[0]).to.deep.include({ observed: 'running', observedAt: at(1000), startedAt: at(500), version: 'v2', desired: 'running' });
        expect(got!.components[1]).to.deep.include({ observed: 'exited', observedAt: at(1000), desired: 'stopped' });
        expect((await r.getService('other'))!.components[0]!.observed).to.equal('unknown');
      });

      it('leaves startedAt and version alone when they are not given', async () => {
        await r.updateObserved([{ service: 'svc', component: 'api', observed: 'exited', at: at(2000) }]);
        const api = (await r.getService('svc'))!.components[0]!;
        expect(api).to.deep.include({ observed: 'exited', observedAt: at(2000), startedAt: at(-60_000), version: 'v1' });
      });

      it('ignores unknown service/component pairs and still applies the rest', async () => {
        await r.updateObserved([
          { service: 'nope', component: 'api', observed: 'running', at: at(1) },
          { service: 'svc', component: 'nope', observed: 'running', at: at(1) },
          { service: 'svc', component: 'db', observed: 'running', at: at(1) },
        ]);
        const names = (await r.listServices()).map((s) => s.name);
        expect(names).to.deep.equal(['other', 'svc']);
        const got = await r.getService('svc');
        expect(got!.components.map((c) => c.spec.name)).to.deep.equal(['api', 'db']);
        expect(got!.components[1]!.observed).to.equal('running');
      });

      it('accepts an empty batch', async () => {
        const before = await r.listServices();
        await r.updateObserved([]);
        expect(await r.listServices()).to.deep.equal(before);
      });
    });

    describe('health', () => {
      const check = { target: { kind: 'http' as const, url: 'http://127.0.0.1:8443/healthz' }, intervalMs: 30_000, timeoutMs: 5_000, retries: 3, startPeriodMs: 60_000 };

      it('keeps a component’s check with its spec, and none when it has none', async () => {
        await r.saveService(service('svc', [component('api', {}, { health: check }), component('db')]));
        const got = (await r.getService('svc'))!;
        expect(got.components[0]!.spec.health).to.deep.equal(check);
        expect(got.components[1]!.spec).to.not.have.property('health');
      });

      it('records verdicts in a batch, ignores unknown pairs, and keeps them when the service is saved again', async () => {
        await r.saveService(service('svc', [component('api', {}, { health: check }), component('db')]));
        expect((await r.getService('svc'))!.components[0]).to.not.have.property('health');
        await r.updateHealth([
          { service: 'svc', component: 'api', health: 'unhealthy' },
          { service: 'nope', component: 'api', health: 'healthy' },
        ]);
        const got = (await r.getService('svc'))!;
        expect(got.components[0]!.health).to.equal('unhealthy');
        await r.saveService(got);
        expect((await r.getService('svc'))!.components[0]!.health).to.equal('unhealthy');
      });

      it('lists the checks that may be probed: a check, desired and observed running; by service, then file order', async () => {
        const tcp = { ...check, target: { kind: 'tcp' as const, address: '127.0.0.1:5432' } };
        await r.saveService(
          service('web', [
            component('stopped', { desired: 'stopped', observed: 'running' }, { health: check }),
            component('api', { observed: 'running' }, { health: check }),
            component('down', { observed: 'exited' }, { health: check }),
            component('plain', { observed: 'running' }),
            component('db', { observed: 'running' }, { health: tcp }),
          ]),
        );
        await r.saveService(service('auth', [component('api', { observed: 'running' }, { health: check })]));
        await r.updateHealth([{ service: 'web', component: 'db', health: 'unhealthy' }]);
        expect(await r.listRunningChecks()).to.deep.equal([
          { service: 'auth', component: 'api', check },
          { service: 'web', component: 'api', check },
          { service: 'web', component: 'db', check: tcp, health: 'unhealthy' },
        ]);
      });
    });

    describe('events', () => {
      beforeEach(async () => {
        await r.saveService(service('svc', [component('api'), component('db')]));
        await r.saveService(service('other', [component('api')]));
      });

      it('lists a service’s events newest first, optionally for one component', async () => {
        await r.addEvents([event('svc', 'api', 0), event('svc', 'db', 2000), event('svc', 'api', 1000), event('other', 'api', 1500)]);
        expect(await r.listEvents({ service: 'svc' })).to.deep.equal([event('svc', 'db', 2000), event('svc', 'api', 1000), event('svc', 'api', 0)]);
        expect(await r.listEvents({ service: 'svc', component: 'api' })).to.deep.equal([event('svc', 'api', 1000), event('svc', 'api', 0)]);
        expect(await r.listEvents({ service: 'nope' })).to.deep.equal([]);
      });

      it('bounds by time: since inclusive, until exclusive', async () => {
        await r.addEvents([0, 1000, 2000, 3000].map((t) => event('svc', 'api', t)));
        const got = await r.listEvents({ service: 'svc', component: 'api', since: at(1000), until: at(3000) });
        expect(got.map((e) => e.at.getTime() - T0)).to.deep.equal([2000, 1000]);
      });

      it('limits to the newest N', async () => {
        await r.addEvents([0, 1000, 2000, 3000].map((t) => event('svc', 'api', t)));
        expect((await r.listEvents({ service: 'svc', limit: 2 })).map((e) => e.at.getTime() - T0)).to.deep.equal([3000, 2000]);
        expect(await r.listEvents({ service: 'svc', limit: 0 })).to.deep.equal([]);
      });

      it('rejects a negative or fractional limit', async () => {
        for (const limit of [-1, 1.5]) {
          const err = await rejection(r.listEvents({ service: 'svc', limit }));
          expect((err as DomainError).code).to.equal(ErrorCode.InvalidArgument);
        }
      });

      it('orders events at the same instant by the order they were added, last first', async () => {
        await r.addEvents([event('svc', 'api', 0, 'exited'), event('svc', 'api', 0, 'running', 'exited')]);
        await r.addEvents([event('svc', 'api', 0, 'paused', 'running')]);
        expect((await r.listEvents({ service: 'svc' })).filter(isTransition).map((e) => e.to)).to.deep.equal(['paused', 'running', 'exited']);
      });

      it('counts one component’s events since a time (inclusive)', async () => {
        await r.addEvents([event('svc', 'api', -1), event('svc', 'api', 0), event('svc', 'api', 500), event('svc', 'db', 600), event('other', 'api', 700)]);
        expect(await r.countEvents('svc', 'api', at(0))).to.equal(2);
        expect(await r.countEvents('svc', 'api', at(501))).to.equal(0);
        expect(await r.countEvents('svc', 'nope', at(-10))).to.equal(0);
      });

      it('keeps health and deploy events with what only they carry, and counts only transitions as flapping', async () => {
        await r.addEvents([
          event('svc', 'api', 0),
          { kind: 'health', service: 'svc', component: 'api', from: 'healthy', to: 'unhealthy', at: at(1), output: 'connection refused' },
          { kind: 'deploy', service: 'svc', component: '', outcome: 'deployed', at: at(2), message: 'all gates passed', revision: 4 },
          { kind: 'deploy', service: 'svc', component: 'api', outcome: 'failed', at: at(3), message: 'port in use' },
        ]);
        const all = await r.listEvents({ service: 'svc' });
        expect(all.map((e) => e.kind)).to.deep.equal(['deploy', 'deploy', 'health', 'transition']);
        expect(all[0]).to.deep.equal({ kind: 'deploy', service: 'svc', component: 'api', outcome: 'failed', at: at(3), message: 'port in use' });
        expect(all[1]).to.deep.equal({ kind: 'deploy', service: 'svc', component: '', outcome: 'deployed', at: at(2), message: 'all gates passed', revision: 4 });
        expect(all[2]).to.deep.equal({ kind: 'health', service: 'svc', component: 'api', from: 'healthy', to: 'unhealthy', at: at(1), output: 'connection refused' });
        expect((await r.listEvents({ service: 'svc', kinds: ['health', 'transition'] })).map((e) => e.kind)).to.deep.equal(['health', 'transition']);
        expect(await r.listEvents({ service: 'svc', kinds: [] })).to.deep.equal([]);
        expect(await r.countEvents('svc', 'api', at(-1))).to.equal(1);
      });

      it('lists the events of every service when no service is named, newest first', async () => {
        await r.addEvents([event('svc', 'api', 0), event('other', 'api', 5), event('svc', 'db', 10)]);
        expect((await r.listEvents({})).map((e) => `${e.service}/${e.component}`)).to.deep.equal(['svc/db', 'other/api', 'svc/api']);
        expect(await r.listEvents({ since: at(6) })).to.have.length(1);
      });

      it('prunes events strictly older than a time and says how many', async () => {
        await r.addEvents([event('svc', 'api', -2), event('svc', 'db', -1), event('other', 'api', 0), event('svc', 'api', 1)]);
        expect(await r.pruneEvents(at(0))).to.equal(2);
        expect((await r.listEvents({ service: 'svc' })).map((e) => e.at.getTime() - T0)).to.deep.equal([1]);
        expect(await r.listEvents({ service: 'other' })).to.have.length(1);
        expect(await r.pruneEvents(at(0))).to.equal(0);
      });

      it('ignores events of a service it does not hold', async () => {
        await r.addEvents([event('ghost', 'api', 0), event('svc', 'api', 0)]);
        expect(await r.listEvents({ service: 'ghost' })).to.deep.equal([]);
        expect(await r.listEvents({ service: 'svc' })).to.have.length(1);
        await r.addEvents([]);
      });

      it('drops a deleted service’s events and keeps the others’', async () => {
        await r.addEvents([event('svc', 'api', 0), event('other', 'api', 0)]);
        await r.deleteService('svc');
        await r.saveService(service('svc', [component('api')]));
        expect(await r.listEvents({ service: 'svc' })).to.deep.equal([]);
        expect(await r.countEvents('svc', 'api', at(-1000))).to.equal(0);
        expect(await r.listEvents({ service: 'other' })).to.have.length(1);
      });

      it('keeps events when the service is saved again', async () => {
        await r.addEvents([event('svc', 'api', 0)]);
        await r.saveService(service('svc', [component('db')], { active: false }));
        expect(await r.countEvents('svc', 'api', at(0))).to.equal(1);
      });
    });

    describe('revisions', () => {
      const attempt = (svc: string, offsetMs: number, result: Revision['result'], note = ''): Revision => ({
        service: svc,
        at: at(offsetMs),
        by: 'kyle',
        result,
        note,
        spec: { name: svc, node: 'rift', active: true, components: [spec('api', { env: { K: 'v' }, cmd: ['x'], health: { target: { kind: 'tcp', address: '127.0.0.1:80' }, intervalMs: 30000, timeoutMs: 5000, retries: 3, startPeriodMs: 60000 } })] },
        components: result === 'deployed' ? [{ name: 'api', image: 'reg.example/api:v1', imageId: `id${offsetMs}`, repoDigest: 'reg.example/api@sha256:ab' }] : [{ name: 'api', image: 'reg.example/api:v1', imageId: '' }],
      });
      beforeEach(async () => {
        await r.saveService(service('svc', [component('api')]));
        await r.saveService(service('other', [component('api')]));
      });

      it('numbers deployed attempts per service from 1, failed ones not at all, and reads them back newest first', async () => {
        const first = await r.addRevision({ ...attempt('svc', 0, 'deployed'), number: 99 }, 10);
        await r.addRevision(attempt('other', 1, 'deployed'), 10);
        const failed = await r.addRevision(attempt('svc', 2, 'failed', 'api: port in use'), 10);
        const second = await r.addRevision(attempt('svc', 3, 'deployed', 'rollback to 1'), 10);
        expect([first.number, failed.number, second.number]).to.deep.equal([1, undefined, 2]);
        const history = await r.listRevisions('svc');
        expect(history.map((h) => [h.number, h.result, h.note])).to.deep.equal([
          [2, 'deployed', 'rollback to 1'],
          [undefined, 'failed', 'api: port in use'],
          [1, 'deployed', ''],
        ]);
        expect(history[2]).to.deep.equal({ ...attempt('svc', 0, 'deployed'), number: 1 });
        expect((await r.listRevisions('other')).map((h) => h.number)).to.deep.equal([1]);
        expect(await r.listRevisions('nope')).to.deep.equal([]);
      });

      it('keeps the newest N revisions and the attempts since the oldest of them; numbering goes on', async () => {
        await r.addRevision(attempt('svc', 0, 'deployed'), 2);
        await r.addRevision(attempt('svc', 1, 'failed'), 2);
        await r.addRevision(attempt('svc', 2, 'deployed'), 2);
        await r.addRevision(attempt('svc', 3, 'failed'), 2);
        await r.addRevision(attempt('svc', 4, 'deployed'), 2);
        expect((await r.listRevisions('svc')).map((h) => h.number ?? 'failed')).to.deep.equal([3, 'failed', 2]);
      });

      it('refuses a service it does not hold, and a keep below 1', async () => {
        expect(((await rejection(r.addRevision(attempt('ghost', 0, 'deployed'), 10))) as DomainError).code).to.equal(ErrorCode.ServiceNotFound);
        expect(((await rejection(r.addRevision(attempt('svc', 0, 'deployed'), 0))) as DomainError).code).to.equal(ErrorCode.InvalidArgument);
        expect(await r.listRevisions('svc')).to.deep.equal([]);
      });

      it('drops a deleted service’s history', async () => {
        await r.addRevision(attempt('svc', 0, 'deployed'), 10);
        await r.deleteService('svc');
        expect(await r.listRevisions('svc')).to.deep.equal([]);
      });
    });

    describe('unmanaged containers', () => {
      it('replaces the whole set and lists it sorted by name', async () => {
        expect(await r.listUnmanaged()).to.deep.equal([]);
        await r.replaceUnmanaged([
          { name: 'zed', image: 'z:1', observed: 'running' },
          { name: 'Abc_1', image: 'a', observed: 'exited' },
          { name: 'abc', image: 'b', observed: 'paused' },
        ]);
        expect((await r.listUnmanaged()).map((u) => u.name)).to.deep.equal(['Abc_1', 'abc', 'zed']);
        await r.replaceUnmanaged([{ name: 'only', image: 'o:2', observed: 'created' }]);
        expect(await r.listUnmanaged()).to.deep.equal([{ name: 'only', image: 'o:2', observed: 'created' }]);
        await r.replaceUnmanaged([]);
        expect(await r.listUnmanaged()).to.deep.equal([]);
      });

      it('keeps the last entry when a name repeats', async () => {
        await r.replaceUnmanaged([
          { name: 'dup', image: 'first', observed: 'running' },
          { name: 'dup', image: 'second', observed: 'exited' },
        ]);
        expect(await r.listUnmanaged()).to.deep.equal([{ name: 'dup', image: 'second', observed: 'exited' }]);
      });
    });

    describe('concurrent callers', () => {
      it('saves many services at once without losing any', async () => {
        const records = Array.from({ length: 25 }, (_, i) => service(`svc-${String(i).padStart(2, '0')}`, [component('a', {}, { cmd: [`${i}`] }), component('b')]));
        await Promise.all(records.map((s) => r.saveService(s)));
        expect(await r.listServices()).to.deep.equal(records);
      });

      it('never shows a half-saved service to a reader running alongside writers', async () => {
        const versions = Array.from({ length: 10 }, (_, i) =>
          service('hot', Array.from({ length: 4 }, (_, j) => component(`c${j}`, { version: `v${i}` }, { cmd: [`v${i}`, `${j}`] }))),
        );
        await r.saveService(versions[0]!);
        const reads: Array<Promise<ServiceRecord | undefined>> = [];
        const writes = versions.map((v) => {
          reads.push(r.getService('hot'));
          return r.saveService(v);
        });
        const failing = r.saveService(service('hot', [component('x'), component('x')]));
        await Promise.all([...writes, rejection(failing), r.updateObserved([{ service: 'hot', component: 'c0', observed: 'running', at: at(0) }])]);
        for (const got of await Promise.all(reads)) {
          const version = got!.components[0]!.version;
          expect(versions.some((v) => JSON.stringify(v) === JSON.stringify(got))).to.equal(true, `read a mixed record at ${version}`);
        }
        const final = await r.getService('hot');
        expect(final!.components.map((c) => c.version)).to.deep.equal(['v9', 'v9', 'v9', 'v9']);
        expect(final!.components[0]!.observed).to.equal('running');
      });
    });
  });
}
