import { expect } from 'chai';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GrpcAgentGateway } from '../../../src/adapters/grpc/client/grpc-agent.gateway';
import { createServiceSpec } from '../../../src/domain/service/service-spec';
import { type RunningAgent, adminGateway, startAgentProcess } from '../../support/agent/agent-process';
import { usePodmanFixture } from '../../support/podman/podman-fixture';
import { waitFor } from '../../support/wait-for';

interface AlertRecord {
  [key: string]: string;
}

describe('monitor inside a real agent: drift and flap alerts reach a real alert script', function () {
  this.timeout(180000);
  const pod = usePodmanFixture();
  let agent: RunningAgent;
  let gw: GrpcAgentGateway;
  let alertsFile: string;
  let service: string;

  const alerts = (): AlertRecord[] =>
    existsSync(alertsFile)
      ? readFileSync(alertsFile, 'utf8')
          .split('\n---\n')
          .filter((b) => b.trim())
          .map((block) => Object.fromEntries(block.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])))
      : [];

  /** The agent's log messages so far (it logs JSON lines at level debug). */
  const messages = (): string[] =>
    agent.logs.flatMap((l) => {
      try {
        return [String((JSON.parse(l) as { message?: unknown }).message)];
      } catch {
        return [];
      }
    });
  const count = (match: RegExp): number => messages().filter((m) => match.test(m)).length;
  /** Waits until the agent has logged `match` `more` times beyond what it had logged when called. */
  const logsMore = (what: string, match: RegExp, more = 1): Promise<true> => {
    const seen = count(match);
    return waitFor(what, 20000, () => (count(match) >= seen + more ? true : undefined));
  };

  before(async () => {
    alertsFile = join(pod().tmpDir, `${pod().name('alerts')}.log`);
    const script = join(pod().tmpDir, `${pod().name('notify')}.sh`);
    writeFileSync(script, `#!/bin/sh\n{ env | grep '^MCP_' | sort; echo "ARG1=$1"; echo '---'; } >> "${alertsFile}"\n`);
    chmodSync(script, 0o755);
    agent = await startAgentProcess({
      env: { ...pod().env },
      monitorInterval: '1s',
      alertCommand: [script, 'ops channel; $(touch /tmp/pwned)'],
      monitorExtra: 'cooldown = "1h"\nflap_threshold = 2\nflap_window = "10m"\n',
    });
    gw = adminGateway(agent);
    service = pod().name('mon');
    const spec = createServiceSpec({ name: service, node: 'rift', components: [{ name: 'api', image: pod().images.app }, { name: 'web', image: pod().images.app }] }, 'test');
    const out = await gw.deploy({ spec });
    expect(out.results.every((r) => r.ok)).to.equal(true);
  });
  after(async () => {
    gw?.close();
    await agent?.cleanup();
  });

  it('runs the alert script with MCP_ALERT_TYPE=drift for a container stopped behind its back', async () => {
    await pod().podman(['stop', '--time=2', `${service}-api`]);
    const drift = await waitFor('a drift alert for api', 20000, () => alerts().find((a) => a['MCP_ALERT_TYPE'] === 'drift' && a['MCP_COMPONENT'] === 'api'));
    expect(drift).to.include({
      MCP_NODE: 'rift',
      MCP_SERVICE: service,
      MCP_COMPONENT: 'api',
      MCP_CONTAINER: `${service}-api`,
      MCP_DESIRED_STATE: 'running',
      ARG1: 'ops channel; $(touch /tmp/pwned)',
    });
    // A tick may catch the container while podman is still stopping it.
    expect(drift['MCP_OBSERVED_STATE']).to.be.oneOf(['stopped', 'exited']);
    expect(drift['MCP_MESSAGE']).to.match(/should be running but is (stopped|exited)/);
    expect(drift).to.have.property('MCP_TRANSITIONS');
    expect(existsSync('/tmp/pwned')).to.equal(false);
  });

  it('alerts on drift once per cooldown, however many ticks see it', async () => {
    await logsMore('three more monitor ticks that see api stopped', /^monitor: tick done$/, 3);
    expect(alerts().filter((a) => a['MCP_ALERT_TYPE'] === 'drift' && a['MCP_COMPONENT'] === 'api')).to.have.length(1);
  });

  it('raises a flap alert when a container is stopped and started repeatedly', async () => {
    const web = (to: string) => new RegExp(`^monitor: ${service}/web \\S+ -> ${to}$`);
    for (let i = 0; i < 3; i++) {
      const stopped = logsMore('the monitor to see web stopped', web('(stopped|exited)'));
      await pod().podman(['stop', '--time=1', `${service}-web`]);
      await stopped;
      const running = logsMore('the monitor to see web running', web('running'));
      await pod().podman(['start', `${service}-web`]);
      await running;
    }
    const flap = await waitFor('a flap alert for web', 20000, () => alerts().find((a) => a['MCP_ALERT_TYPE'] === 'flap' && a['MCP_COMPONENT'] === 'web'));
    expect(Number(flap['MCP_TRANSITIONS'])).to.be.greaterThan(2);
    expect(flap['MCP_SERVICE']).to.equal(service);
    const status = await gw.status({ service });
    expect(status.services[0]!.recentEvents.filter((e) => e.component === 'web').length).to.be.greaterThan(2);
  });
});
