import { expect } from 'chai';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { GrpcAgentGateway } from '../../../src/adapters/grpc/client/grpc-agent.gateway';
import type { ServiceLogLine } from '../../../src/application/shared/results/log-line';
import { isDomainError } from '../../../src/domain/errors/domain-error';
import type { NodeEvent } from '../../../src/domain/events/transition-event';
import { createServiceSpec } from '../../../src/domain/service/service-spec';
import { type RunningAgent, adminGateway, startAgentProcess } from '../../support/agent/agent-process';
import { childrenRunning } from '../../support/child-processes';
import { freePort } from '../../support/net/free-port';
import { usePodmanFixture } from '../../support/podman/podman-fixture';
import { waitFor } from '../../support/wait-for';

const run = promisify(execFile);

const CHATTY = ['/bin/sh', '-c', "echo out-1; echo err-1 >&2; trap 'exit 0' TERM; while :; do sleep 1; done"];
const IDLE = ['/bin/sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"];
/** About 5 MB of log at once: far more than the gRPC windows and the agent's pipes hold. */
const FLOOD = ['/bin/sh', '-c', "seq 1 50000 | sed 's/$/ 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890/'; trap 'exit 0' TERM; while :; do sleep 1; done"];

describe('observability inside a real agent with real podman: logs, events, the event-driven monitor, /metrics', function () {
  this.timeout(240000);
  const pod = usePodmanFixture();
  let agent: RunningAgent;
  let gw: GrpcAgentGateway;
  let service: string;
  let alertsFile: string;

  const alerts = (): string[] => (existsSync(alertsFile) ? readFileSync(alertsFile, 'utf8').split('\n').filter((l) => l.trim()) : []);
  const podmanChildren = (sub: string) => childrenRunning('podman', sub, agent.child.pid!);
  const metricsText = async () => (await fetch(`http://127.0.0.1:${agent.metricsPort}/metrics`)).text();

  before(async () => {
    alertsFile = join(pod().tmpDir, `${pod().name('alerts')}.log`);
    const script = join(pod().tmpDir, `${pod().name('notify')}.sh`);
    writeFileSync(script, `#!/bin/sh\necho "$MCP_ALERT_TYPE $MCP_COMPONENT $MCP_OBSERVED_STATE" >> "${alertsFile}"\n`);
    chmodSync(script, 0o755);
    // A 60 s interval: anything the monitor sees within seconds came from the event stream.
    agent = await startAgentProcess({ env: { ...pod().env }, monitorInterval: '60s', alertCommand: [script] });
    gw = adminGateway(agent);
    service = pod().name('obs');
    const spec = createServiceSpec(
      {
        name: service,
        node: 'rift',
        components: [
          { name: 'api', image: pod().images.app, cmd: CHATTY },
          { name: 'web', image: pod().images.app, cmd: IDLE },
          { name: 'gone', image: pod().images.app, cmd: CHATTY },
        ],
      },
      'test',
    );
    const out = await gw.deploy({ spec });
    expect(out.results.map((r) => [r.component, r.ok, r.error?.message])).to.deep.equal([
      ['api', true, undefined],
      ['web', true, undefined],
      ['gone', true, undefined],
    ]);
    await waitFor('the agent to follow podman events', 10000, () => (podmanChildren('events').length > 0 ? true : undefined));
  });
  after(async () => {
    gw?.close();
    await agent?.cleanup();
  });

  describe('/metrics', () => {
    it('serves every metric of the contract and passes `promtool check metrics`', async () => {
      const text = await metricsText();
      for (const name of [
        'mcp_component_up',
        'mcp_component_drift',
        'mcp_component_healthy',
        'mcp_component_transitions_total',
        'mcp_deploys_total',
        'mcp_deploy_duration_seconds',
        'mcp_rpc_requests_total',
        'mcp_rpc_duration_seconds',
        'mcp_monitor_tick_duration_seconds',
        'mcp_alerts_total',
        'mcp_runtime_events_up',
        'process_cpu_seconds_total',
        'nodejs_heap_size_used_bytes',
      ]) {
        expect(text, name).to.match(new RegExp(`^# TYPE ${name} `, 'm'));
      }
      expect(text).to.include(`mcp_component_up{service="${service}",component="api"} 1`);
      expect(text).to.include(`mcp_deploys_total{service="${service}",result="deployed"} 1`);
      // The gateway deploys through DeployWatch (the streaming deploy).
      expect(text).to.include('mcp_rpc_requests_total{method="DeployWatch",code="OK"} 1');
      expect(text).to.match(/^mcp_runtime_events_up 1$/m);
      const dir = mkdtempSync(join(tmpdir(), 'mcp-promtool-'));
      try {
        writeFileSync(join(dir, 'metrics.txt'), text);
        const check = await run('sh', ['-c', `promtool check metrics < "${join(dir, 'metrics.txt')}"`]).then(
          (r) => ({ code: 0, out: r.stdout + r.stderr }),
          (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
        );
        expect(check, check.out).to.deep.include({ code: 0 });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('is scraped by a real Prometheus, whose query API then returns mcp_component_up for the deployed component', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mcp-prometheus-'));
      const port = await freePort();
      writeFileSync(
        join(dir, 'prometheus.yml'),
        `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: mcp-agent\n    static_configs:\n      - targets: ["127.0.0.1:${agent.metricsPort}"]\n`,
      );
      let prometheus: ChildProcess | undefined;
      try {
        prometheus = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {
          stdio: 'ignore',
        });
        const query = encodeURIComponent(`mcp_component_up{service="${service}",component="api"}`);
        const result = await waitFor('Prometheus to have scraped mcp_component_up', 60000, async () => {
          const body = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${query}`)
            .then((r) => r.json() as Promise<{ status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }>)
            .catch(() => undefined);
          return body && body.data.result.length > 0 ? body.data.result : undefined;
        });
        expect(result[0]!.metric).to.include({ __name__: 'mcp_component_up', service, component: 'api', job: 'mcp-agent' });
        expect(result[0]!.value[1]).to.equal('1');
      } finally {
        prometheus?.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('logs', () => {
    it('sends the last lines of every component, stdout and stderr apart, with times', async () => {
      const lines: ServiceLogLine[] = [];
      for await (const batch of gw.logs({ service, tail: 100, follow: false })) lines.push(...batch);
      const api = lines.filter((l) => l.component === 'api');
      expect(api.map((l) => `${l.stream} ${l.line}`)).to.include.members(['stdout out-1', 'stderr err-1']);
      expect(api.every((l) => l.time instanceof Date)).to.equal(true);
      // Two chatty components, merged in the engine's time.
      expect([...new Set(lines.map((l) => l.component))]).to.include.members(['api', 'gone']);
      const times = lines.map((l) => l.time!.getTime());
      expect(times).to.deep.equal([...times].sort((a, b) => a - b));
      const one: ServiceLogLine[] = [];
      for await (const batch of gw.logs({ service, component: 'api', tail: 1, follow: false })) one.push(...batch);
      expect(one).to.have.length(1);
    });

    it('follows until the client goes away, and then no `podman logs` process is left', async () => {
      const controller = new AbortController();
      const seen: string[] = [];
      const following = (async () => {
        for await (const batch of gw.logs({ service, component: 'api', tail: 1, follow: true }, controller.signal)) seen.push(...batch.map((l) => l.line));
      })();
      await waitFor('a podman logs child of the agent', 10000, () => (podmanChildren('logs').length > 0 ? true : undefined));
      controller.abort();
      await following;
      await waitFor('no podman logs child left', 10000, () => (podmanChildren('logs').length === 0 ? true : undefined));
      expect(seen.length).to.be.at.most(1);
    });

    it('a follow whose client stops reading mid-flood and then goes away leaves no `podman logs` process', async () => {
      const flood = pod().name('flood');
      const spec = createServiceSpec({ name: flood, node: 'rift', components: [{ name: 'api', image: pod().images.app, cmd: FLOOD }] }, 'test');
      expect((await gw.deploy({ spec })).results.map((r) => [r.component, r.ok])).to.deep.equal([['api', true]]);
      await waitFor('the flood in the log', 30000, async () => ((await pod().podman(['logs', '--tail=1', `${flood}-api`])).stdout.startsWith('50000 ') ? true : undefined));
      const controller = new AbortController();
      const lines = gw.logs({ service: flood, follow: true }, controller.signal)[Symbol.asyncIterator]();
      expect((await lines.next()).value?.[0]?.line).to.match(/^1 /);
      // The client reads no more: the agent's write waits for a window that does not open.
      await new Promise((r) => setTimeout(r, 1000));
      expect(podmanChildren('logs')).to.have.length(1);
      controller.abort();
      await lines.return?.();
      await waitFor('no podman logs child left', 10000, () => (podmanChildren('logs').length === 0 ? true : undefined));
    });

    it('a follow on a container that is removed ends with CONTAINER_NOT_FOUND, and the agent goes on', async () => {
      const lines: string[] = [];
      const following = (async () => {
        for await (const batch of gw.logs({ service, component: 'gone', tail: 1, follow: true })) lines.push(...batch.map((l) => l.line));
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      await waitFor('a podman logs child of the agent', 10000, () => (podmanChildren('logs').length > 0 ? true : undefined));
      await pod().remove(`${service}-gone`);
      const error = await following;
      expect(isDomainError(error) && error.code, String(error)).to.equal('CONTAINER_NOT_FOUND');
      expect((error as Error).message).to.match(/container .*-gone was removed while its logs were followed/);
      expect((await gw.list()).node).to.equal('rift');
      await waitFor('no podman logs child left', 10000, () => (podmanChildren('logs').length === 0 ? true : undefined));
    });
  });

  describe('the event-driven monitor', () => {
    it('a `podman stop` of a managed container reaches the alert command and `events -f` followers within seconds (interval 60 s)', async () => {
      const controller = new AbortController();
      const live: NodeEvent[] = [];
      let caughtUp = false;
      const following = (async () => {
        for await (const b of gw.events({ service, follow: true }, controller.signal)) {
          caughtUp ||= b.caughtUp === true;
          if (caughtUp) live.push(...b.events);
        }
      })();
      await waitFor('the events follow to catch up', 10000, () => (caughtUp ? true : undefined));
      const before = alerts().length;
      const stopped = Date.now();
      await pod().podman(['stop', '--time=1', `${service}-api`]);
      await waitFor('a drift alert for api', 20000, () => (alerts().slice(before).some((a) => a.startsWith('drift api')) ? true : undefined));
      expect(Date.now() - stopped, 'far less than the 60 s interval').to.be.below(20000);
      await waitFor('the transition on the live events stream', 10000, () => live.find((e) => e.kind === 'transition' && e.component === 'api' && e.from === 'running'));
      controller.abort();
      await following;
      const text = await metricsText();
      expect(text).to.match(/^mcp_alerts_total\{type="drift"\} [1-9]/m);
      expect(text).to.match(new RegExp(`^mcp_component_transitions_total\\{service="${service}",component="api"\\} [1-9]`, 'm'));
      expect(text).to.match(/^mcp_monitor_tick_duration_seconds_count\{kind="event"\} [1-9]/m);
    });

    it('recovers when the `podman events` child is killed: a new stream, a resync, and events keep driving the monitor', async () => {
      const [first] = podmanChildren('events');
      expect(first, 'the agent follows podman events').not.to.equal(undefined);
      process.kill(first!.pid, 'SIGKILL');
      const second = await waitFor('a new podman events child', 20000, () => podmanChildren('events').find((c) => c.pid !== first!.pid));
      expect(second.pid).not.to.equal(first!.pid);
      expect(agent.logs.some((l) => l.includes('runtime event stream broke') || l.includes('runtime event stream ended'))).to.equal(true);
      await waitFor('mcp_runtime_events_up back to 1', 10000, async () => (/^mcp_runtime_events_up 1$/m.test(await metricsText()) ? true : undefined));
      const before = alerts().length;
      await pod().podman(['stop', '--time=1', `${service}-web`]);
      await waitFor('a drift alert for web', 20000, () => (alerts().slice(before).some((a) => a.startsWith('drift web')) ? true : undefined));
      expect((await gw.list()).services.find((s) => s.spec.name === service)!.components.find((c) => c.name === 'web')!.observed).to.be.oneOf(['exited', 'stopped']);
    });
  });

  describe('shutdown', () => {
    it('SIGTERM with `logs -f` and `events -f` open: the streams end UNAVAILABLE, the agent exits 0 at once, no podman child is left', async () => {
      await pod().podman(['start', `${service}-web`]);
      const controller = new AbortController();
      const drain = async (it: AsyncIterable<unknown>) => {
        for await (const _ of it) void _;
      };
      const logs = drain(gw.logs({ service, component: 'web', tail: 1, follow: true }, controller.signal)).then(() => undefined, (e: unknown) => e);
      const events = drain(gw.events({ follow: true }, controller.signal)).then(() => undefined, (e: unknown) => e);
      await waitFor('a podman logs child of the agent', 10000, () => (podmanChildren('logs').length > 0 ? true : undefined));
      const pid = agent.child.pid!;
      const started = Date.now();
      const code = await agent.stop('SIGTERM');
      expect(code).to.equal(0);
      expect(Date.now() - started, 'no 30 s drain wait').to.be.below(15000);
      for (const error of [await logs, await events]) expect(isDomainError(error) && error.code, String(error)).to.equal('NODE_UNAVAILABLE');
      expect(childrenRunning('podman', 'logs', pid).concat(childrenRunning('podman', 'events', pid))).to.deep.equal([]);
    });
  });
});
