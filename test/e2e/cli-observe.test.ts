/*
 * `mcp logs` and `mcp events` as an operator runs them: the built `mcp`
 * binary against a real `mcp-agent` with real podman.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CLI_MAIN, oneLineError, useE2e } from '../support/e2e/e2e-harness';
import { childrenRunning } from '../support/child-processes';
import { usePodmanFixture } from '../support/podman/podman-fixture';
import { repoRoot } from '../support/repo-root';
import { waitFor } from '../support/wait-for';

describe('e2e: mcp logs / mcp events against a real agent and podman', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();
  const e2e = useE2e(() => ({ ...pod().env }));
  let service: string;

  before(async () => {
    service = pod().name('logs');
    const chatty = `["/bin/sh", "-c", "echo to-out; echo to-err >&2; trap 'exit 0' TERM; while :; do sleep 1; done"]`;
    e2e().writeService(
      service,
      `name = "${service}"\nnode = "rift"\n\n[[components]]\nname = "api"\nimage = "${pod().images.app}"\ncmd = ${chatty}\n\n[[components]]\nname = "web"\nimage = "${pod().images.app}"\ncmd = ${chatty}\n\n[[components]]\nname = "ticker"\nimage = "${pod().images.app}"\ncmd = ["/bin/sh", "-c", "trap 'exit 0' TERM; while :; do echo tick; sleep 1; done"]\n`,
    );
    const r = await e2e().runMcp(['deploy', service]);
    expect(r.code, r.stderr).to.equal(0);
  });

  it('logs: stdout to stdout, stderr to stderr, each line naming its component', async () => {
    const r = await e2e().runMcp(['logs', service]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.split('\n')).to.include.members(['[api] to-out', '[web] to-out']);
    expect(r.stderr.split('\n')).to.include.members(['[api] to-err', '[web] to-err']);
    const json = await e2e().runMcp(['logs', `${service}/api`, '--json']);
    const objects = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => [o['node'], o['component'], o['stream'], o['line']])).to.deep.include.members([
      ['rift', 'api', 'stdout', 'to-out'],
      ['rift', 'api', 'stderr', 'to-err'],
    ]);
    expect(objects.every((o) => typeof o['time'] === 'string')).to.equal(true);
  });

  it('logs -f of a client that vanishes (SIGKILL): the agent leaves no `podman logs` process behind', async () => {
    const agentPid = e2e().agent.child.pid!;
    const cli = spawn(process.execPath, [CLI_MAIN, 'logs', '-f', service], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: e2e().dir, NODE_PATH: join(repoRoot, 'node_modules'), MCP_CONFIG: e2e().configPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    cli.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    await waitFor('the followed output', 20000, () => out.includes('to-out') || undefined);
    expect(childrenRunning('podman', 'logs', agentPid).length).to.equal(3);
    cli.kill('SIGKILL');
    await waitFor('no podman logs child of the agent', 20000, () => childrenRunning('podman', 'logs', agentPid).length === 0 || undefined);
    const status = await e2e().runMcp(['list']);
    expect(status.code, 'the agent is unharmed').to.equal(0);
  });

  it('logs -f into a reader that goes away (`| head -1`): the CLI ends quietly, exit 0, and no `podman logs` is left', async () => {
    const agentPid = e2e().agent.child.pid!;
    const cli = spawn(process.execPath, [CLI_MAIN, 'logs', '-f', `${service}/ticker`], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: e2e().dir, NODE_PATH: join(repoRoot, 'node_modules'), MCP_CONFIG: e2e().configPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    cli.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => cli.stdout!.once('data', () => resolve()));
    cli.stdout!.destroy();
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running'), 20000))]);
    if (code === 'still running') cli.kill('SIGKILL');
    expect(code).to.equal(0);
    expect(err).to.equal('');
    await waitFor('no podman logs child of the agent', 20000, () => childrenRunning('podman', 'logs', agentPid).length === 0 || undefined);
  });

  it('logs and events with a --since that does not parse: one line, exit 2', async () => {
    for (const args of [['logs', service, '--since', 'last tuesday'], ['events', '--since', '10 minutes']]) {
      const r = await e2e().runMcp(args);
      expect(r.code).to.equal(2);
      expect(oneLineError(r)).to.match(/--since ".*": not a duration or a time/);
    }
  });

  it('logs of a service no node holds: one line, exit 1', async () => {
    const r = await e2e().runMcp(['logs', pod().name('nope')]);
    expect(r.code).to.equal(1);
    oneLineError(r);
  });

  it('events: the transitions and the deploy of the service, oldest first', async () => {
    await pod().podman(['stop', '--time=1', `${service}-web`]);
    let lines: string[] = [];
    const until = Date.now() + 20000;
    while (Date.now() < until) {
      const r = await e2e().runMcp(['events', service, '--since', '1h']);
      expect(r.code, r.stderr).to.equal(0);
      lines = r.stdout.trim().split('\n');
      if (lines.some((l) => l.includes(`${service}/web  transition  running -> `))) break;
      await new Promise((r2) => setTimeout(r2, 300));
    }
    expect(lines.some((l) => l.includes(`rift  ${service}/web  transition  running -> `))).to.equal(true, lines.join('\n'));
    const times = lines.map((l) => l.slice(0, 24));
    expect([...times].sort()).to.deep.equal(times);
  });
});
