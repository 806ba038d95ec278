/*
 * The bootstrap of a node that already runs containers (RUNBOOK.md,
 * "Bootstrap"), step by step, with the real binaries and real podman:
 *
 *   1. the node runs containers started by hand, with bare names;
 *   2. the operator renames them `<service>-<component>` (podman rename);
 *   3. the agent is installed and started;
 *   4. `mcp sync` lists them as unmanaged;
 *   5. `mcp adopt <service>` makes them the service's components;
 *   6. `mcp service export <service>` writes the definition file, which
 *      describes the running containers exactly;
 *   7. `mcp deploy <service>` recreates them from that file, now labelled as
 *      MCP's, with the same spec.
 *
 * The steps share state and run in order: a failing step fails the rest.
 */
import { expect } from 'chai';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadServiceDefinition } from '../../src/adapters/definitions/toml/service-definition.loader';
import type { ServiceSpec } from '../../src/domain/service/service-spec';
import { type E2e, startE2e } from '../support/e2e/e2e-harness';
import { freePort } from '../support/net/free-port';
import { type Inspected, inspectContainer } from '../support/e2e/podman-state';
import { IMAGE_ENV, usePodmanFixture } from '../support/podman/podman-fixture';

/** What an operator would have typed, long before MCP. */
interface HandRun {
  readonly bare: string;
  readonly component: string;
  readonly args: readonly string[];
}

const IDLE = "trap 'exit 0' TERM; echo bootstrapped; while :; do sleep 1; done";

/** The parts of a container that the definition file must reproduce. */
function specOf(c: Inspected) {
  const ports = Object.entries(c.HostConfig.PortBindings ?? {}).flatMap(([port, binds]) => binds.map((b) => `${b.HostIp}:${b.HostPort}:${port.replace(/\/tcp$/, '')}`));
  const imageEnv = new Set(Object.entries(IMAGE_ENV).map(([k, v]) => `${k}=${v}`));
  return {
    image: c.ImageName,
    ports: ports.sort(),
    volumes: (c.HostConfig.Binds ?? []).map((b) => b.split(':').slice(0, 2).join(':')).sort(),
    networks: Object.keys(c.NetworkSettings.Networks ?? {}).sort(),
    user: c.Config.User,
    cmd: c.Config.Cmd ?? [],
    // podman shows no policy as "" on a container run without --restart, as "no" with --restart no.
    restart: c.HostConfig.RestartPolicy.Name || 'no',
    // Only what the operator set: not the image's variables, not podman's own.
    env: c.Config.Env.filter((e) => !imageEnv.has(e) && !/^(PATH|HOME|HOSTNAME|TERM|container|APP_VERSION)=/.test(e)).sort(),
  };
}

describe('e2e: bootstrap procedure of a node that already runs containers', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();
  let e2e: E2e | undefined;
  let service: string;
  let runs: HandRun[];
  let before: Map<string, Inspected>;
  let exported: ServiceSpec;
  let definitionPath: string;

  after('stop the agent, remove temp dirs', async function () {
    this.timeout(60_000);
    await e2e?.cleanup();
  });

  it('1. the node runs hand-made containers with bare names (ports, volumes, env, network, user, cmd, restart)', async () => {
    service = pod().name('boot');
    const network = await pod().network();
    const data = join(pod().tmpDir, `${service}-data`);
    mkdirSync(data, { recursive: true });
    runs = [
      {
        bare: pod().name('api'),
        component: 'api',
        args: [
          '-p', `127.0.0.1:${await freePort()}:8080`,
          '-v', `${data}:/srv/data`,
          '-e', 'LOG_LEVEL=debug', '-e', 'GREETING=hello world',
          '--network', network,
          '--user', '1000:1000',
          '--restart', 'always',
          pod().images.app,
          '/bin/sh', '-c', IDLE,
        ],
      },
      {
        bare: pod().name('db'),
        component: 'db',
        args: ['-v', `${data}:/var/lib/db`, '-e', 'DB_MODE=primary', '--network', network, pod().images.app],
      },
    ];
    for (const r of runs) await pod().podman(['run', '-d', '--name', r.bare, ...r.args]);
    for (const r of runs) expect((await inspectContainer(pod(), r.bare)).State.Status).to.equal('running');
  });

  it('2. the operator renames them <service>-<component> with `podman rename`', async () => {
    before = new Map();
    for (const r of runs) {
      await pod().podman(['rename', r.bare, `${service}-${r.component}`]);
      before.set(r.component, await inspectContainer(pod(), `${service}-${r.component}`));
    }
    expect(before.get('api')!.Config.Labels ?? {}).not.to.have.property('mcp.service');
  });

  it('3. the agent starts on the node; the CLI has a config and a token', async function () {
    this.timeout(60_000);
    e2e = await startE2e({ podEnv: { ...pod().env } });
    const r = await e2e.runMcp(['node', 'list']);
    expect(r.code, r.stderr).to.equal(0);
  });

  it('4. `mcp sync` (no definitions yet) lists them as unmanaged', async () => {
    const r = await e2e!.runMcp(['sync']);
    expect(r.code, r.stderr).to.equal(0);
    for (const c of ['api', 'db']) expect(r.stdout).to.contain(`${service}-${c}`);
    const j = await e2e!.runMcp(['sync', '--json']);
    const node = (JSON.parse(j.stdout) as { nodes: { node: string; ok: boolean; unmanaged: { name: string; observed: string }[] }[] }).nodes[0]!;
    expect(node).to.include({ node: 'rift', ok: true });
    const mine = node.unmanaged.filter((u) => u.name.startsWith(service)).map((u) => [u.name, u.observed]).sort();
    expect(mine).to.deep.equal([
      [`${service}-api`, 'running'],
      [`${service}-db`, 'running'],
    ]);
  });

  it('5. `mcp adopt <service>` makes them its components, running, without touching them', async () => {
    const r = await e2e!.runMcp(['adopt', service]);
    expect(r.code, r.stderr).to.equal(0);
    const list = await e2e!.runMcp(['list']);
    expect(list.stdout).to.match(new RegExp(`^rift +${service} +api +running +running +v1 `, 'm'));
    expect(list.stdout).to.match(new RegExp(`^rift +${service} +db +running +running +v1 `, 'm'));
    expect(list.stdout).not.to.match(new RegExp(`\\(unmanaged\\) +${service}-`));
    for (const c of ['api', 'db']) expect((await inspectContainer(pod(), `${service}-${c}`)).Id).to.equal(before.get(c)!.Id);
  });

  it('6. `mcp service export <service>` writes a definition that matches the running containers', async () => {
    const r = await e2e!.runMcp(['service', 'export', service]);
    expect(r.code, r.stderr).to.equal(0);
    definitionPath = join(e2e!.servicesDir, `${service}.toml`);
    expect(r.stdout).to.contain(definitionPath);
    exported = loadServiceDefinition(definitionPath);
    expect(exported).to.include({ name: service, node: 'rift', active: true });
    expect(exported.components.map((c) => c.name).sort()).to.deep.equal(['api', 'db']);
    for (const c of exported.components) {
      const live = specOf(before.get(c.name)!);
      expect(c.image, c.name).to.equal(live.image);
      expect([...c.ports].sort(), c.name).to.deep.equal(live.ports);
      expect([...c.volumes].map((v) => v.split(':').slice(0, 2).join(':')).sort(), c.name).to.deep.equal(live.volumes);
      expect(c.network ? [c.network] : [], c.name).to.deep.equal(live.networks);
      expect(c.user ?? '', c.name).to.equal(live.user);
      expect(c.restart, c.name).to.equal(live.restart);
      expect(Object.entries(c.env).map(([k, v]) => `${k}=${v}`).sort(), c.name).to.deep.equal(live.env);
    }
    const api = exported.components.find((c) => c.name === 'api')!;
    expect(api.cmd).to.deep.equal(['/bin/sh', '-c', IDLE]);
    expect(api.env).to.deep.equal({ LOG_LEVEL: 'debug', GREETING: 'hello world' });
    expect(api.user).to.equal('1000:1000');
    // db kept the image's own command: nothing to say about it in the file.
    expect(exported.components.find((c) => c.name === 'db')!.cmd).to.deep.equal([]);
    expect(readFileSync(definitionPath, 'utf8')).to.contain(`name = "${service}"`);
  });

  it('7. `mcp deploy <service>` recreates them from that file: MCP labels, same spec', async () => {
    const r = await e2e!.runMcp(['deploy', service]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain(`(from ${definitionPath})`);
    for (const c of ['api', 'db']) {
      const now = await inspectContainer(pod(), `${service}-${c}`);
      expect(now.Id, c).not.to.equal(before.get(c)!.Id);
      expect(now.State.Status, c).to.equal('running');
      expect(now.Config.Labels, c).to.include({ 'mcp.service': service, 'mcp.component': c });
      expect(specOf(now), c).to.deep.equal(specOf(before.get(c)!));
    }
    const status = await e2e!.runMcp(['status', service]);
    expect(status.code, status.stderr).to.equal(0);
    expect(status.stdout).to.contain('no drift');
  });
});
