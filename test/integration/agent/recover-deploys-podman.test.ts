import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '../../../src/adapters/clock/system/system-clock';
import { type OpenedSqliteRegistry, openSqliteRegistry } from '../../../src/adapters/registry/typeorm/sqlite-registry.factory';
import { RecoverDeploysUseCase, type RecoveryReport } from '../../../src/application/agent/recover-deploys.use-case';
import type { JournalStep } from '../../../src/application/agent/ports/deploy-journal.port';
import { KeyedLock } from '../../../src/application/agent/support/keyed-lock';
import { createServiceSpec } from '../../../src/domain/service/service-spec';
import { usePodmanFixture } from '../../support/podman/podman-fixture';
import { podmanDeploy } from '../../support/podman/podman-deploy';

/**
 * The node as an agent killed at each step of a deploy leaves it, made with
 * the podman CLI and the real journal, then one recovery (what the agent
 * runs when it starts again).
 */
describe('deploy recovery after a crash, on real podman and a real SQLite journal', function () {
  this.timeout(180000);
  const pod = usePodmanFixture();
  let dir: string;
  let db: OpenedSqliteRegistry;
  let recover: RecoverDeploysUseCase;
  let service: string;
  const c = (component: string) => `${service}-${component}`;

  const podman = async (...args: string[]) => (await pod().podman(args)).stdout.trim();
  const state = async (name: string) => {
    const [info] = JSON.parse(await podman('container', 'inspect', name)) as Array<{ Id: string; State: { Running: boolean } }>;
    return { id: info!.Id, running: info!.State.Running };
  };
  const names = async () => (await podman('ps', '-a', '--format', '{{.Names}}')).split('\n').filter((n) => n.startsWith(service)).sort();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-recover-'));
    db = await openSqliteRegistry(join(dir, 'mcp.db'));
    service = pod().name('recover');
    const lock = new KeyedLock();
    const deploy = podmanDeploy(pod(), db.registry, { settleTimeMs: 500, lock });
    const spec = createServiceSpec({ name: service, node: 'rift', components: ['api', 'web'].map((name) => ({ name, image: pod().images.app, pull: 'missing' as const })) }, 'test');
    const out = await deploy.execute({ spec });
    expect(out.results.every((r) => r.ok), JSON.stringify(out.results)).to.equal(true);
    recover = new RecoverDeploysUseCase(db.registry, db.registry, pod().runtime(), new SystemClock(), lock);
  });
  afterEach(async () => {
    await pod().removeContainers(service);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Only this test's: a recovery cleans every .mcp-prev on the node. */
  const ours = (report: RecoveryReport) => ({ undone: report.undone, cleaned: report.cleaned.filter((n) => n.startsWith(service)).sort() });
  /** The entry as the deploy writes it: begun, then each component's steps as they were done. */
  const journal = async (...components: Array<{ component: string; hadOld: boolean; steps: JournalStep[] }>) => {
    await db.registry.begin({ service, startedAt: new Date(), components: components.map(({ component, hadOld }) => ({ component, hadOld, container: c(component), wasRunning: hadOld })) });
    for (const j of components) for (const step of j.steps) await db.registry.record(service, j.component, step);
  };
  /** A new container as the deploy runs it: with the service's labels. */
  const runNew = (component: string) => podman('run', '-d', '--name', c(component), '--label', `mcp.service=${service}`, '--label', `mcp.component=${component}`, pod().images.app);

  it('killed with api replaced and web stopped but not yet renamed: both old containers run again, the journal is empty', async () => {
    const before = { api: await state(c('api')), web: await state(c('web')) };
    // web's stop returned, its step not yet written.
    await journal({ component: 'api', hadOld: true, steps: ['stopped', 'renamed', 'ran'] }, { component: 'web', hadOld: true, steps: [] });
    await podman('stop', '-t', '1', c('api'));
    await podman('rename', c('api'), `${c('api')}.mcp-prev`);
    await runNew('api');
    await podman('stop', '-t', '1', c('web'));

    const report = await recover.execute();

    expect(ours(report)).to.deep.equal({ undone: [{ service, problems: [] }], cleaned: [] });
    expect(await names()).to.deep.equal([c('api'), c('web')]);
    expect(await state(c('api'))).to.deep.equal({ ...before.api, running: true });
    expect(await state(c('web'))).to.deep.equal({ ...before.web, running: true });
    expect(await db.registry.list()).to.deep.equal([]);
    const [event] = await db.registry.listEvents({ service, kinds: ['deploy'], limit: 1 });
    expect(event).to.deep.include({ outcome: 'recovered' });
  });

  it('killed between the rename and the run: the .mcp-prev gets its name back and runs', async () => {
    const before = await state(c('api'));
    await journal({ component: 'api', hadOld: true, steps: ['stopped'] });
    await podman('stop', '-t', '1', c('api'));
    await podman('rename', c('api'), `${c('api')}.mcp-prev`);

    expect(ours(await recover.execute())).to.deep.equal({ undone: [{ service, problems: [] }], cleaned: [] });
    expect(await names()).to.deep.equal([c('api'), c('web')]);
    expect(await state(c('api'))).to.deep.equal({ ...before, running: true });
  });

  it('killed after running a component the service did not have: its container goes', async () => {
    await journal({ component: 'worker', hadOld: false, steps: [] });
    await runNew('worker');

    expect(ours(await recover.execute())).to.deep.equal({ undone: [{ service, problems: [] }], cleaned: [] });
    expect(await names()).to.deep.equal([c('api'), c('web')]);
  });

  it('no journal entry (the deploy had committed): a .mcp-prev beside its new container is removed; one alone is renamed back and started', async () => {
    const web = await state(c('web'));
    await podman('stop', '-t', '1', c('api'));
    await podman('rename', c('api'), `${c('api')}.mcp-prev`);
    const api = await runNew('api');
    await podman('stop', '-t', '1', c('web'));
    await podman('rename', c('web'), `${c('web')}.mcp-prev`);

    expect(ours(await recover.execute())).to.deep.equal({ undone: [], cleaned: [`${c('api')}.mcp-prev`, `${c('web')}.mcp-prev`] });
    expect(await names()).to.deep.equal([c('api'), c('web')]);
    expect(await state(c('api'))).to.deep.equal({ id: api, running: true });
    expect(await state(c('web'))).to.deep.equal({ ...web, running: true });
  });
});
