import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenedSqliteRegistry, openSqliteRegistry } from '../../../src/adapters/registry/typeorm/sqlite-registry.factory';
import type { DeployUseCase } from '../../../src/application/agent/deploy.use-case';
import type { ComponentInput } from '../../../src/domain/service/service-spec';
import { createServiceSpec } from '../../../src/domain/service/service-spec';
import { ErrorCode } from '../../../src/domain/errors/domain-error';
import { freePort } from '../../support/net/free-port';
import { usePodmanFixture } from '../../support/podman/podman-fixture';
import { podmanDeploy } from '../../support/podman/podman-deploy';
import { rejection } from '../../support/rejection';

/** busybox httpd on the host network, serving "ok" at / after `delay` seconds. */
const httpd = (port: number, delay = 0): string[] => [
  '/bin/sh',
  '-c',
  `mkdir -p /www && echo ok > /www/index.html && echo "serving on ${port}" && sleep ${delay} && exec httpd -f -p 127.0.0.1:${port} -h /www`,
];

describe('gated deploy on real podman, a real SQLite registry and real probes', function () {
  this.timeout(180000);
  const pod = usePodmanFixture();
  let dir: string;
  let db: OpenedSqliteRegistry;
  let deploy: DeployUseCase;
  let service: string;

  const names = async (): Promise<string[]> =>
    (await pod().podman(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n').filter((n) => n.startsWith(service));
  const inspect = async (name: string) =>
    (JSON.parse((await pod().podman(['container', 'inspect', name])).stdout) as Array<{ Id: string; ImageName: string; State: { Running: boolean } }>)[0]!;
  const specOf = (components: ComponentInput[]) => createServiceSpec({ name: service, node: 'rift', components }, 'test');
  const idle = (name: string, image = pod().images.app): ComponentInput => ({ name, image, pull: 'missing' });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-gate-'));
    db = await openSqliteRegistry(join(dir, 'mcp.db'));
    deploy = podmanDeploy(pod(), db.registry, { settleTimeMs: 1500 });
    service = pod().name('gate');
  });
  afterEach(async () => {
    await pod().removeContainers(service);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Deploys v1 of `components` and returns each container's ID. */
  async function v1(components: ComponentInput[]): Promise<Map<string, string>> {
    const out = await deploy.execute({ spec: specOf(components) });
    expect(out.results.every((r) => r.ok), JSON.stringify(out.results)).to.equal(true);
    const ids = new Map<string, string>();
    for (const c of components) ids.set(c.name, (await inspect(`${service}-${c.name}`)).Id);
    return ids;
  }

  async function expectRestored(ids: Map<string, string>): Promise<void> {
    for (const [component, id] of ids) {
      const c = await inspect(`${service}-${component}`);
      expect([c.Id, c.State.Running], component).to.deep.equal([id, true]);
    }
    expect((await names()).filter((n) => n.endsWith('.mcp-prev'))).to.deep.equal([]);
  }

  it('a good deploy leaves no .mcp-prev and the old containers gone', async () => {
    const ids = await v1([idle('api'), idle('web')]);
    const out = await deploy.execute({ spec: specOf([idle('api', pod().images.appV2), idle('web', pod().images.appV2)]) });
    expect(out.results.map((r) => [r.component, r.ok, r.version])).to.deep.equal([
      ['api', true, 'v2'],
      ['web', true, 'v2'],
    ]);
    expect((await names()).sort()).to.deep.equal([`${service}-api`, `${service}-web`]);
    expect((await inspect(`${service}-api`)).Id).to.not.equal(ids.get('api'));
    expect((await inspect(`${service}-api`)).ImageName).to.equal(pod().images.appV2);
    expect(await db.registry.list()).to.deep.equal([]);
  });

  it("never touches a container of another service under its name (CONTAINER_NOT_OURS, read from podman's labels)", async () => {
    const name = `${service}-api`;
    await pod().podman(['run', '-d', `--name=${name}`, '--label=mcp.service=someone-else', pod().images.app, 'sleep', '3600']);
    const before = await inspect(name);
    const e = await rejection(deploy.execute({ spec: specOf([idle('api'), idle('web')]) }));
    expect(e.code).to.equal(ErrorCode.ContainerNotOurs);
    expect(e.message).to.contain(`container ${name} belongs to service someone-else`);
    const after = await inspect(name);
    expect([after.Id, after.State.Running]).to.deep.equal([before.Id, true]);
    expect(await names()).to.deep.equal([name]);
    expect(await db.registry.list()).to.deep.equal([]);
  });

  it('a container made by hand (no labels) where MCP had deployed the component: CONTAINER_NOT_OURS, it keeps running', async () => {
    await v1([idle('api')]);
    const name = `${service}-api`;
    await pod().podman(['rm', '-f', '-t', '0', name]);
    await pod().podman(['run', '-d', `--name=${name}`, pod().images.app, 'sleep', '3600']);
    const before = await inspect(name);
    const e = await rejection(deploy.execute({ spec: specOf([idle('api', pod().images.appV2)]) }));
    expect(e.code).to.equal(ErrorCode.ContainerNotOurs);
    expect(e.message).to.contain(`container ${name} has no MCP labels and was not adopted into ${service}`);
    const after = await inspect(name);
    expect([after.Id, after.State.Running]).to.deep.equal([before.Id, true]);
    expect(await names()).to.deep.equal([name]);
  });

  it('a missing binary: the old container comes back', async () => {
    const ids = await v1([idle('api')]);
    const out = await deploy.execute({ spec: specOf([{ ...idle('api', pod().images.appV2), cmd: ['/bin/no-such-binary'] }]) });
    expect(out.results[0]!.ok).to.equal(false);
    expect(out.results[0]!.error!.code).to.be.oneOf(['RUNTIME_FAILED', 'CONTAINER_EXITED']);
    expect(out.results[0]!.error!.message).to.match(/no-such-binary|exited/);
    await expectRestored(ids);
    expect((await db.registry.getService(service))!.components[0]!.spec.image).to.equal(pod().images.app);
  });

  it('a port already bound by another process on the host: the old container comes back', async () => {
    const port = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r));
    try {
      const ids = await v1([idle('api')]);
      const out = await deploy.execute({ spec: specOf([{ ...idle('api', pod().images.appV2), network: 'host', cmd: httpd(port) }]) });
      expect(out.results[0]!.error!.code, JSON.stringify(out.results[0])).to.equal('CONTAINER_EXITED');
      expect(out.results[0]!.logTail!.join('\n')).to.match(/serving on/);
      await expectRestored(ids);
    } finally {
      squatter.close();
    }
  });

  it('a container that exits after 1 s: the answer carries its last log lines', async () => {
    const ids = await v1([idle('api')]);
    const out = await deploy.execute({ spec: specOf([{ ...idle('api', pod().images.appV2), cmd: ['/bin/sh', '-c', 'for i in $(seq 1 30); do echo line $i; done; sleep 1; exit 3'] }]) });
    expect(out.results[0]!.error!.code, JSON.stringify(out.results[0])).to.equal('CONTAINER_EXITED');
    expect(out.results[0]!.logTail).to.have.length(20);
    expect(out.results[0]!.logTail![19]).to.equal('line 30');
    await expectRestored(ids);
  });

  it('an http check that never passes: undone after start_period', async () => {
    const ids = await v1([idle('api')]);
    const closed = await freePort();
    const out = await deploy.execute({ spec: specOf([{ ...idle('api', pod().images.appV2), health: { http: `http://127.0.0.1:${closed}/`, startPeriodMs: 2000, timeoutMs: 500 } }]) });
    expect(out.results[0]!.error!.code, JSON.stringify(out.results[0])).to.equal('HEALTH_CHECK_FAILED');
    expect(out.results[0]!.error!.message).to.match(/not healthy within start_period 2\.0s: GET .*ECONNREFUSED/);
    await expectRestored(ids);
  });

  it('an http check that passes after a few tries, and a cmd check run inside the container', async () => {
    const port = await freePort();
    const out = await deploy.execute({
      spec: specOf([
        { ...idle('web'), network: 'host', cmd: httpd(port, 2), health: { http: `http://127.0.0.1:${port}/`, startPeriodMs: 20_000, timeoutMs: 1000 } },
        { ...idle('api'), cmd: ['/bin/sh', '-c', 'sleep 1; touch /tmp/ready; exec sleep 3600'], health: { cmd: ['/bin/sh', '-c', 'test -f /tmp/ready'], startPeriodMs: 20_000 } },
      ]),
    });
    expect(out.results.map((r) => [r.component, r.ok])).to.deep.equal([
      ['web', true],
      ['api', true],
    ]);
    const rec = (await db.registry.getService(service))!;
    expect(rec.components.map((c) => c.health)).to.deep.equal(['healthy', 'healthy']);
  });

  it('a tcp check: passes once the container listens; one on a port nothing opens is undone after start_period', async () => {
    const port = await freePort();
    const ids = await v1([{ ...idle('api'), network: 'host', cmd: httpd(port, 1), health: { tcp: `127.0.0.1:${port}`, startPeriodMs: 20_000, timeoutMs: 1000 } }]);
    expect((await db.registry.getService(service))!.components[0]!.health).to.equal('healthy');
    const closed = await freePort();
    const out = await deploy.execute({ spec: specOf([{ ...idle('api', pod().images.appV2), health: { tcp: `127.0.0.1:${closed}`, startPeriodMs: 2000, timeoutMs: 500 } }]) });
    expect(out.results[0]!.error!.code, JSON.stringify(out.results[0])).to.equal('HEALTH_CHECK_FAILED');
    expect(out.results[0]!.error!.message).to.match(/not healthy within start_period 2\.0s: .*ECONNREFUSED/);
    await expectRestored(ids);
    expect((await db.registry.getService(service))!.components[0]!.spec.image).to.equal(pod().images.app);
  });

  it('a cmd check that keeps failing inside the container: undone, saying its exit code and output', async () => {
    const ids = await v1([idle('api')]);
    const out = await deploy.execute({
      spec: specOf([{ ...idle('api', pod().images.appV2), health: { cmd: ['/bin/sh', '-c', 'echo not ready; exit 4'], startPeriodMs: 2000, timeoutMs: 1000 } }]),
    });
    expect(out.results[0]!.error!.code, JSON.stringify(out.results[0])).to.equal('HEALTH_CHECK_FAILED');
    expect(out.results[0]!.error!.message).to.match(/not healthy within start_period 2\.0s: exit code 4: not ready$/);
    await expectRestored(ids);
    expect(await db.registry.list()).to.deep.equal([]);
  });

  it('a three-component service whose second component fails: the first is restored too', async () => {
    const ids = await v1([idle('a'), idle('b'), idle('c')]);
    const out = await deploy.execute({ spec: specOf([idle('a', pod().images.appV2), { ...idle('b', pod().images.appV2), cmd: ['/bin/sh', '-c', 'exit 1'] }, idle('c', pod().images.appV2)]) });
    expect(out.results.map((r) => [r.component, r.restored, r.error?.code === 'DEPLOY_UNDONE'])).to.deep.equal([
      ['a', true, true],
      ['b', true, false],
      ['c', true, true],
    ]);
    await expectRestored(ids);
    const [event] = await db.registry.listEvents({ service, kinds: ['deploy'], limit: 1 });
    expect(event).to.deep.include({ outcome: 'failed' });
  });
});
