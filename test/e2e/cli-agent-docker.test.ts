/*
 * The second runtime end to end: the built `mcp` binary against a real
 * `mcp-agent` whose [agent] container_runtime is "docker", on a real dockerd
 * of its own (test/support/docker). The agent takes the setting from its
 * documented environment override (MCP_AGENT_AGENT_CONTAINER_RUNTIME), the
 * same key as in the TOML. dockerd runs without a bridge, so every
 * component uses the host network.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { useDockerd } from '../support/docker/dockerd';
import { dockerCli, dockerStatus } from '../support/docker/docker-cli';
import { useE2e } from '../support/e2e/e2e-harness';
import { usePodmanFixture } from '../support/podman/podman-fixture';

interface Row {
  readonly name: string;
  readonly container: string;
  readonly desired: string;
  readonly observed: string;
}

describe('e2e: mcp CLI against an agent on dockerd (container_runtime = "docker")', function () {
  this.timeout(180_000);
  // The podman fixture only serves the test images from its registry; no container here is podman's.
  const pod = usePodmanFixture();
  const dockerd = useDockerd();
  const e2e = useE2e(() => ({ MCP_AGENT_AGENT_CONTAINER_RUNTIME: 'docker', MCP_AGENT_AGENT_RUNTIME_SOCKET: dockerd().socketPath }));

  const mcp = (args: readonly string[]) => e2e().runMcp(args);
  const sock = () => dockerd().socketPath;
  const serviceText = (name: string, components: string) => `name = "${name}"\nnode = "rift"\nactive = true   # keep running\n\n${components}`;
  const component = (name: string, extra = '') => `[[components]]\nname = "${name}"\nimage = "${pod().images.app}"\nnetwork = "host"\n${extra}\n`;
  const components = async (svc: string): Promise<Row[]> => {
    const r = await mcp(['list', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const node = (JSON.parse(r.stdout) as { nodes: { services: { spec: { name: string }; components: Row[] }[] }[] }).nodes[0]!;
    return node.services.find((s) => s.spec.name === svc)?.components ?? [];
  };

  it('deploy pulls and runs through dockerd, with MCP labels; podman has none of it', async () => {
    const svc = pod().name('dk');
    e2e().writeService(svc, serviceText(svc, component('api', 'env = { LOG_LEVEL = "info" }') + component('worker', 'cmd = ["sleep", "3600"]')));
    const r = await mcp(['deploy', svc]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(new RegExp(`^ok +${svc}-api +running +running +v1$`, 'm'));
    expect(r.stdout).to.match(new RegExp(`^ok +${svc}-worker +running +running +v1$`, 'm'));
    const [api] = JSON.parse(await dockerCli(sock(), ['container', 'inspect', '--', `${svc}-api`])) as { State: { Status: string }; Config: { Labels: Record<string, string>; Env: string[] }; HostConfig: { NetworkMode: string } }[];
    expect(api!.State.Status).to.equal('running');
    expect(api!.Config.Labels).to.include({ 'mcp.service': svc, 'mcp.component': 'api' });
    expect(api!.Config.Env).to.include('LOG_LEVEL=info');
    expect(api!.HostConfig.NetworkMode).to.equal('host');
    expect((await pod().podman(['ps', '--all', '--format={{.Names}}'])).stdout).to.not.contain(svc);
  });

  it('ps shows the live containers with their uptime', async () => {
    const svc = pod().name('dps');
    e2e().writeService(svc, serviceText(svc, component('web')));
    expect((await mcp(['deploy', svc])).code).to.equal(0);
    const r = await mcp(['ps']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(new RegExp(`^rift +\\S*${svc.slice(-6)}-web +running +none +\\d+[smhd]\\S* +v1 +\\S*app$`, 'm'));
  });

  it('logs come through the Docker API: stdout to stdout, stderr to stderr, one JSON object per line', async () => {
    const svc = pod().name('dlg');
    const chatty = `["/bin/sh", "-c", "echo to-out; echo to-err >&2; trap 'exit 0' TERM; while :; do sleep 1; done"]`;
    e2e().writeService(svc, serviceText(svc, component('app', `cmd = ${chatty}`)));
    expect((await mcp(['deploy', svc])).code).to.equal(0);
    const r = await mcp(['logs', svc]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.split('\n')).to.include('to-out');
    expect(r.stderr.split('\n')).to.include('to-err');
    const json = await mcp(['logs', svc, '--json', '-n', '10']);
    const objects = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => [o['component'], o['stream'], o['line']])).to.deep.include.members([
      ['app', 'stdout', 'to-out'],
      ['app', 'stderr', 'to-err'],
    ]);
  });

  it('stop and start flip the file and dockerd follows', async () => {
    const svc = pod().name('dss');
    const path = e2e().writeService(svc, serviceText(svc, component('app')));
    expect((await mcp(['deploy', svc])).code).to.equal(0);
    const stopped = await mcp(['stop', svc]);
    expect(stopped.code, stopped.stderr).to.equal(0);
    expect(stopped.stdout).to.match(new RegExp(`^ok +${svc}-app +stopped +exited`, 'm'));
    expect(readFileSync(path, 'utf8')).to.contain('active = false');
    expect(await dockerStatus(sock(), `${svc}-app`)).to.equal('exited');
    const started = await mcp(['start', svc]);
    expect(started.code, started.stderr).to.equal(0);
    expect(started.stdout).to.match(new RegExp(`^ok +${svc}-app +running +running`, 'm'));
    expect(await dockerStatus(sock(), `${svc}-app`)).to.equal('running');
  });

  it('adopt turns containers made by hand with the docker client into components', async () => {
    const svc = pod().name('dad');
    await dockerCli(sock(), ['pull', pod().images.app]);
    await dockerCli(sock(), ['run', '-d', '--name', `${svc}-web`, '--network', 'host', '-e', 'MODE=web', pod().images.app]);
    await dockerCli(sock(), ['create', '--name', `${svc}-cron`, pod().images.app]);
    const r = await mcp(['adopt', svc]);
    expect(r.code, r.stderr).to.equal(0);
    const rows = (await components(svc)).map((c) => [c.name, c.container, c.desired]).sort();
    expect(rows).to.deep.equal([
      ['cron', `${svc}-cron`, 'stopped'],
      ['web', `${svc}-web`, 'running'],
    ]);
    const shown = await mcp(['service', 'show', svc]);
    expect(shown.code, shown.stderr).to.equal(0);
    expect(shown.stdout).to.contain('network = "host"');
    expect(shown.stdout).to.match(/MODE = "web"/);
    expect(await dockerStatus(sock(), `${svc}-web`)).to.equal('running');
    expect(await dockerStatus(sock(), `${svc}-cron`)).to.equal('created');
  });
});
