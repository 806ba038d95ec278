import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GrpcAgentGateway } from '../../../src/adapters/grpc/client/grpc-agent.gateway';
import { openSqliteRegistry } from '../../../src/adapters/registry/typeorm/sqlite-registry.factory';
import { type ServiceInput, createServiceSpec } from '../../../src/domain/service/service-spec';
import { type RunningAgent, adminGateway, startAgentProcess } from '../../support/agent/agent-process';
import { usePodmanFixture } from '../../support/podman/podman-fixture';

interface Inspected {
  Name: string;
  State: { Status: string; Running: boolean };
  ImageName: string;
  Config: { Env: string[]; Cmd: string[]; User: string; Labels: Record<string, string> };
  HostConfig: { RestartPolicy: { Name: string }; Binds: string[] };
}

describe('mcp-agent with real podman over real TLS', function () {
  this.timeout(180000);
  const pod = usePodmanFixture();
  let agent: RunningAgent;
  let gw: GrpcAgentGateway;
  let service: string;
  let hostDir: string;

  const inspect = async (name: string): Promise<Inspected> => (JSON.parse((await pod().podman(['container', 'inspect', name])).stdout) as Inspected[])[0]!;
  const specOf = (overrides: Partial<ServiceInput> = {}) =>
    createServiceSpec(
      {
        name: service,
        node: 'rift',
        components: [
          { name: 'api', image: pod().images.app, env: { LOG_LEVEL: 'info' }, volumes: [`${hostDir}:/data:ro`], cmd: ['/bin/sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"], user: '0:0', restart: 'on-failure:3' },
          { name: 'web', image: pod().images.app },
        ],
        ...overrides,
      },
      'test',
    );

  before(async () => {
    agent = await startAgentProcess({ env: { ...pod().env } });
    gw = adminGateway(agent);
    service = pod().name('svc');
    hostDir = join(pod().tmpDir, `${service}-data`);
    mkdirSync(hostDir, { recursive: true });
    writeFileSync(join(hostDir, 'hello.txt'), 'hi');
  });
  after(async () => {
    gw?.close();
    await agent?.cleanup();
  });

  it('deploys: containers run with the flags from the definition and MCP labels', async () => {
    const out = await gw.deploy({ spec: specOf() });
    expect(out.results.map((r) => [r.component, r.ok, r.observed, r.version, r.error?.message])).to.deep.equal([
      ['api', true, 'running', 'v1', undefined],
      ['web', true, 'running', 'v1', undefined],
    ]);
    const api = await inspect(`${service}-api`);
    expect(api.State.Running).to.equal(true);
    expect(api.Config.Env).to.include('LOG_LEVEL=info');
    expect(api.Config.Cmd).to.deep.equal(['/bin/sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"]);
    expect(api.Config.User).to.equal('0:0');
    expect(api.Config.Labels).to.include({ 'mcp.service': service, 'mcp.component': 'api' });
    expect(api.HostConfig.RestartPolicy.Name).to.equal('on-failure');
    expect(api.HostConfig.Binds.some((b) => b.startsWith(`${hostDir}:/data`))).to.equal(true);
    const list = await gw.list();
    expect(list.services.find((s) => s.spec.name === service)!.components.map((c) => [c.name, c.desired, c.observed])).to.deep.equal([
      ['api', 'running', 'running'],
      ['web', 'running', 'running'],
    ]);
  });

  it('changes nothing when a pull fails, then upgrades one component', async () => {
    const missing = `${pod().registry}/mcp-test/absent:v9`;
    const out = await gw.deploy({ spec: specOf({ components: [{ name: 'api', image: missing }, { name: 'web', image: pod().images.appV2 }] }) });
    expect(out.results.map((r) => [r.component, r.ok, r.error?.code])).to.deep.equal([
      ['api', false, 'IMAGE_PULL_FAILED'],
      ['web', false, 'DEPLOY_UNDONE'],
    ]);
    expect((await inspect(`${service}-api`)).ImageName).to.equal(pod().images.app);
    expect((await inspect(`${service}-web`)).ImageName).to.equal(pod().images.app);
    const up = await gw.deploy({ spec: specOf({ components: [{ name: 'api', image: pod().images.app }, { name: 'web', image: pod().images.appV2 }] }), component: 'web' });
    expect(up.results.map((r) => [r.component, r.ok, r.version])).to.deep.equal([['web', true, 'v2']]);
    expect((await inspect(`${service}-web`)).ImageName).to.equal(pod().images.appV2);
  });

  it('sees drift when a container is stopped behind its back', async () => {
    await pod().podman(['stop', '--time=2', `${service}-web`]);
    const status = await gw.status({ service });
    const web = status.services[0]!.service.components.find((c) => c.name === 'web')!;
    expect([web.desired, web.observed, web.drift]).to.deep.equal(['running', 'exited', true]);
    expect(status.services[0]!.recentEvents.some((e) => e.component === 'web' && e.from === 'running' && e.to === 'exited')).to.equal(true);
  });

  it('stops, starts and restarts with podman following', async () => {
    const stopped = await gw.stop(service);
    expect(stopped.results.map((r) => [r.ok, r.observed])).to.deep.equal([
      [true, 'exited'],
      [true, 'exited'],
    ]);
    expect((await inspect(`${service}-api`)).State.Running).to.equal(false);
    const started = await gw.start(service);
    expect(started.results.map((r) => [r.ok, r.observed])).to.deep.equal([
      [true, 'running'],
      [true, 'running'],
    ]);
    await pod().remove(`${service}-web`);
    const restarted = await gw.restart(service);
    expect(restarted.results.map((r) => [r.component, r.ok, r.observed])).to.deep.equal([
      ['api', true, 'running'],
      ['web', true, 'running'],
    ]);
    expect((await inspect(`${service}-web`)).State.Running).to.equal(true);
  });

  it('adopts containers made by hand, with their real spec', async () => {
    const legacy = pod().name('legacy');
    await pod().podman(['run', '-d', '--name', `${legacy}-db`, '--env', 'DB_MODE=primary', '-v', `${hostDir}:/srv/db`, pod().images.app]);
    await pod().podman(['run', '-d', '--name', `${legacy}-cache`, pod().images.app]);
    await pod().podman(['stop', '--time=2', `${legacy}-cache`]);
    const synced = await gw.sync([specOf()]);
    expect(synced.unmanaged.map((u) => u.name)).to.include.members([`${legacy}-db`, `${legacy}-cache`]);

    const out = await gw.adopt(legacy);
    expect(out.results.map((r) => [r.container, r.component, r.ok, r.desired]).sort()).to.deep.equal([
      [`${legacy}-cache`, 'cache', true, 'stopped'],
      [`${legacy}-db`, 'db', true, 'running'],
    ]);
    const adopted = (await gw.list()).services.find((s) => s.spec.name === legacy)!;
    const db = adopted.spec.components.find((c) => c.name === 'db')!;
    expect(db.image).to.equal(pod().images.app);
    expect(db.env).to.deep.equal({ DB_MODE: 'primary' });
    expect(db.volumes.some((v) => v.startsWith(`${hostDir}:/srv/db`))).to.equal(true);
    expect(db.cmd).to.deep.equal([]);
    expect((await gw.list()).unmanaged.map((u) => u.name)).to.not.include(`${legacy}-db`);
  });

  it('leaves a consistent registry when SIGTERM arrives during a deploy', async () => {
    let touching: () => void = () => undefined;
    const touched = new Promise<void>((resolve) => (touching = resolve));
    const inflight = gw.deploy({ spec: specOf() }, (s) => s.step === 'stopping' && touching()).then(
      (r) => `answered: ${r.results.map((c) => `${c.component} ${c.ok}`).join(', ')}`,
      (e: unknown) => `failed: ${(e as { code?: unknown }).code}`,
    );
    // The deploy has started to replace containers; the gate's settle time alone keeps it busy for seconds more.
    await touched;
    expect(await agent.stop('SIGTERM')).to.equal(0);
    // The shutdown ends the deploy's stream at once (UNAVAILABLE); a deploy that beat the signal answers in full.
    expect(await inflight).to.be.oneOf(['failed: NODE_UNAVAILABLE', 'answered: api true, web true']);
    const db = await openSqliteRegistry(agent.dbPath);
    try {
      const rec = (await db.registry.getService(service))!;
      expect(rec.components.map((c) => [c.spec.name, c.desired])).to.deep.equal([
        ['api', 'running'],
        ['web', 'running'],
      ]);
      const check = await db.dataSource.query('PRAGMA integrity_check');
      expect(check).to.deep.equal([{ integrity_check: 'ok' }]);
    } finally {
      await db.close();
    }
  });
});
