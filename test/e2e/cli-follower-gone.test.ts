/*
 * Issue 22: a follower whose client dies without a goodbye. The built `mcp`
 * binary follows through a real `mcp-agent` on real podman, then the client
 * is SIGKILLed, or its network stops answering (a TCP proxy on 127.0.0.1
 * that freezes: forwards nothing more either way and closes nothing). The
 * agent must notice within 2 s (HTTP/2 keepalive pings, 1 s apart, 1 s to
 * answer) and have ended its `podman logs` child within 2 s after that. The
 * waits below allow those 4 s plus 2 s for a loaded machine. A deploy's
 * watcher going away ends its stream, never the deploy.
 */
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childrenRunning } from '../support/child-processes';
import { CLI_MAIN, cliConfigText, useE2e } from '../support/e2e/e2e-harness';
import { type FreezingProxy, startFreezingProxy } from '../support/net/freezing-proxy';
import { usePodmanFixture } from '../support/podman/podman-fixture';
import { repoRoot } from '../support/repo-root';
import { waitFor } from '../support/wait-for';

const GONE_WITHIN_MS = 6000;

describe('e2e: a follower whose client dies without a goodbye (issue 22)', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();
  const e2e = useE2e(() => ({ ...pod().env }));
  let service: string;
  const clients: ChildProcess[] = [];
  let proxy: FreezingProxy | undefined;

  before(async () => {
    service = pod().name('gone');
    const quiet = `["/bin/sh", "-c", "echo hello-follower; trap 'exit 0' TERM; while :; do sleep 1; done"]`;
    e2e().writeService(service, `name = "${service}"\nnode = "rift"\n\n[[components]]\nname = "api"\nimage = "${pod().images.app}"\ncmd = ${quiet}\n`);
    const r = await e2e().runMcp(['deploy', service]);
    expect(r.code, r.stderr).to.equal(0);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await proxy?.close();
    proxy = undefined;
  });

  const agentPid = () => e2e().agent.child.pid!;
  const podmanLogs = () => childrenRunning('podman', 'logs', agentPid());
  /** The agent's audit line for a stream that ended because its client went away. */
  const cancelled = (method: string, seen: number) =>
    e2e()
      .agent.logs.slice(seen)
      .some((l) => l.includes(`"method":"${method}"`) && l.includes('"code":"CANCELLED"')) || undefined;

  /** `mcp <args>` as a child process, with the harness's config or `config`; resolves once its stdout holds `expected`. */
  async function follow(args: readonly string[], expected: string, config = e2e().configPath): Promise<ChildProcess> {
    const cli = spawn(process.execPath, [CLI_MAIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: e2e().dir, NODE_PATH: join(repoRoot, 'node_modules'), MCP_CONFIG: config },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    clients.push(cli);
    let out = '';
    cli.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    cli.stderr!.resume();
    await waitFor(`"${expected}" from mcp ${args.join(' ')}`, 30_000, () => out.includes(expected) || undefined);
    return cli;
  }

  /** A CLI config whose only node is reached through a freezing proxy in front of the agent. */
  async function throughProxy(): Promise<string> {
    proxy = await startFreezingProxy({ host: '127.0.0.1', port: e2e().agent.port });
    const path = join(e2e().dir, 'through-proxy.toml');
    writeFileSync(path, cliConfigText({ servicesDir: e2e().servicesDir, tokenPath: e2e().tokenPath, caPath: e2e().agent.certs.caPath, nodes: [{ name: e2e().node, address: proxy.address }] }));
    return path;
  }

  it('logs -f killed with SIGKILL: the agent has ended its `podman logs` child', async () => {
    await follow(['logs', '-f', service], 'hello-follower');
    expect(podmanLogs()).to.have.length(1);
    const seen = e2e().agent.logs.length;
    clients[0]!.kill('SIGKILL');
    await waitFor('the agent to see the StreamLogs client gone', GONE_WITHIN_MS, () => cancelled('StreamLogs', seen));
    await waitFor('no podman logs child of the agent', GONE_WITHIN_MS, () => podmanLogs().length === 0 || undefined);
  });

  it('logs -f whose network stops answering: the agent notices through keepalive and ends its `podman logs` child', async () => {
    const config = await throughProxy();
    const cli = await follow(['logs', '-f', service], 'hello-follower', config);
    const child = podmanLogs();
    expect(child).to.have.length(1);
    const seen = e2e().agent.logs.length;
    proxy!.freeze();
    await waitFor('the agent to see the StreamLogs client gone', GONE_WITHIN_MS, () => cancelled('StreamLogs', seen));
    await waitFor(`podman logs (pid ${child[0]!.pid}) to be gone`, GONE_WITHIN_MS, () => podmanLogs().length === 0 || undefined);
    expect(cli.exitCode, 'the client itself never went away').to.equal(null);
  });

  it('events -f whose network stops answering: the agent notices through keepalive and ends the stream', async () => {
    const config = await throughProxy();
    const cli = await follow(['events', '-f', service], 'deploy', config);
    const seen = e2e().agent.logs.length;
    proxy!.freeze();
    await waitFor('the agent to see the StreamEvents client gone', GONE_WITHIN_MS, () => cancelled('StreamEvents', seen));
    expect(cli.exitCode, 'the client itself never went away').to.equal(null);
  });

  /** A service healthy only 8 s after its start: a deploy of it is still in its gate when the client goes. */
  function slowService(label: string): string {
    const slow = pod().name(label);
    const later = `["/bin/sh", "-c", "sleep 8; touch /tmp/ready; trap 'exit 0' TERM; while :; do sleep 1; done"]`;
    e2e().writeService(
      slow,
      `name = "${slow}"\nnode = "rift"\n\n[[components]]\nname = "api"\nimage = "${pod().images.app}"\ncmd = ${later}\n\n[components.health]\ncmd = ["/bin/sh", "-c", "test -f /tmp/ready"]\ninterval = "1s"\nstart_period = "60s"\n`,
    );
    return slow;
  }

  async function deployedHealthy(service: string): Promise<void> {
    await waitFor(`${service} deployed and healthy without its watcher`, 60_000, async () => {
      const ps = await e2e().runMcp(['ps', '--json']);
      const nodes = JSON.parse(ps.stdout) as { nodes: Array<{ services: Array<{ spec: { name: string }; components: Array<{ health: string }> }> }> };
      return nodes.nodes[0]?.services.find((x) => x.spec.name === service)?.components[0]?.health === 'healthy' || undefined;
    });
  }

  it('deploy killed with SIGKILL mid-gate: the agent ends the DeployWatch stream at once and still finishes the deploy', async () => {
    const slow = slowService('gkill');
    const cli = await follow(['deploy', slow], `${slow}/api on rift: waiting`);
    const seen = e2e().agent.logs.length;
    cli.kill('SIGKILL');
    await waitFor('the agent to see the DeployWatch client gone', GONE_WITHIN_MS, () => cancelled('DeployWatch', seen));
    await deployedHealthy(slow);
  });

  it('deploy whose network stops answering mid-gate: the agent ends the DeployWatch stream and still finishes the deploy', async () => {
    const slow = slowService('gfreeze');
    const config = await throughProxy();
    const cli = await follow(['deploy', slow], `${slow}/api on rift: waiting`, config);
    const seen = e2e().agent.logs.length;
    proxy!.freeze();
    await waitFor('the agent to see the DeployWatch client gone', GONE_WITHIN_MS, () => cancelled('DeployWatch', seen));
    expect(cli.exitCode, 'the client itself never went away').to.equal(null);
    await deployedHealthy(slow);
  });
});
