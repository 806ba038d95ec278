import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ComponentInput, createServiceSpec } from '../../../src/domain/service/service-spec';
import { useAgents } from '../../support/agent/agent-chain';
import { restartAgentProcess, startAgentProcess } from '../../support/agent/agent-process';
import { freePort } from '../../support/net/free-port';
import { usePodmanFixture } from '../../support/podman/podman-fixture';

const httpd = (port: number): string[] => ['/bin/sh', '-c', `mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 127.0.0.1:${port} -h /www`];

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function get(url: string): Promise<number | undefined> {
  try {
    return (await fetch(url)).status;
  } catch {
    return undefined;
  }
}

describe('mcp-agent: crash in the middle of a deploy, and health monitoring (real podman, real agent process)', function () {
  this.timeout(180000);
  const pod = usePodmanFixture();
  const { track, gatewayTo } = useAgents();

  it('kill -9 of the agent mid-deploy, then a restart: the service serves again and no .mcp-prev is left', async () => {
    const service = pod().name('crash');
    const port = await freePort();
    const spec = (api: ComponentInput) => createServiceSpec({ name: service, node: 'rift', components: [api] }, 'test');
    const first = await startAgentProcess({ env: { ...pod().env } });
    track(first);
    const v1 = spec({ name: 'api', image: pod().images.app, network: 'host', cmd: httpd(port), health: { http: `http://127.0.0.1:${port}/`, startPeriodMs: 20_000 } });
    const ok = await gatewayTo(first).deploy({ spec: v1 });
    expect(ok.results[0]!.ok, JSON.stringify(ok.results)).to.equal(true);
    const oldId = JSON.parse((await pod().podman(['container', 'inspect', `${service}-api`])).stdout)[0].Id as string;

    const never = await freePort();
    const v2 = spec({ name: 'api', image: pod().images.appV2, health: { http: `http://127.0.0.1:${never}/`, startPeriodMs: 120_000 } });
    const pending = gatewayTo(first).deploy({ spec: v2 }).catch((e: unknown) => e);
    await until('the new container to run beside .mcp-prev', async () => {
      const names = (await pod().podman(['ps', '--format', '{{.Names}}'])).stdout.split('\n');
      const all = (await pod().podman(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n');
      return names.includes(`${service}-api`) && all.includes(`${service}-api.mcp-prev`) ? true : undefined;
    });
    expect(await get(`http://127.0.0.1:${port}/`)).to.equal(undefined);
    await first.stop('SIGKILL');
    expect(await pending).to.have.property('code');

    const second = await restartAgentProcess(first, { env: { ...pod().env } });
    track(second);
    expect(await until('the service to serve again', async () => ((await get(`http://127.0.0.1:${port}/`)) === 200 ? true : undefined))).to.equal(true);
    const all = (await pod().podman(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n').filter((n) => n.startsWith(service));
    expect(all).to.deep.equal([`${service}-api`]);
    expect(JSON.parse((await pod().podman(['container', 'inspect', `${service}-api`])).stdout)[0].Id).to.equal(oldId);
    expect(second.logs.some((l) => l.includes('interrupted deploys undone') && l.includes(service))).to.equal(true);
    const list = await gatewayTo(second).list();
    expect(list.services.find((s) => s.spec.name === service)!.spec.components[0]!.image).to.equal(pod().images.app);
    expect(list.unmanaged.map((u) => u.name).filter((n) => n.startsWith(service))).to.deep.equal([]);
    await pod().removeContainers(service);
  });

  it('probes at the interval: unhealthy after retries failures (alert with MCP_HEALTH_OUTPUT), healthy again on recovery', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-health-alert-'));
    const alerts = join(dir, 'alerts');
    let status = 200;
    const server: Server = createServer((_req, res) => res.writeHead(status).end(status === 200 ? 'fine' : 'database unreachable'));
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      const agent = await startAgentProcess({ env: { ...pod().env }, alertCommand: ['/bin/sh', '-c', `env | grep ^MCP_ | sort >> ${alerts}; echo --- >> ${alerts}`] });
      track(agent);
      const service = pod().name('health');
      const gw = gatewayTo(agent);
      const spec = createServiceSpec(
        { name: service, node: 'rift', components: [{ name: 'api', image: pod().images.app, health: { http: `http://127.0.0.1:${port}/`, intervalMs: 500, retries: 2, startPeriodMs: 10_000 } }] },
        'test',
      );
      expect((await gw.deploy({ spec })).results[0]!.ok).to.equal(true);
      const health = async () => (await gw.list()).services.find((s) => s.spec.name === service)!.components[0]!.health;
      expect(await health()).to.equal('healthy');

      status = 503;
      const text = await until('the unhealthy alert', async () => (existsSync(alerts) && readFileSync(alerts, 'utf8').includes('---') ? readFileSync(alerts, 'utf8') : undefined));
      expect(text).to.contain('MCP_ALERT_TYPE=unhealthy');
      expect(text).to.contain(`MCP_SERVICE=${service}`);
      expect(text).to.contain('MCP_HEALTH_OUTPUT=HTTP 503 database unreachable');
      expect(await health()).to.equal('unhealthy');

      status = 200;
      expect(await until('recovery', async () => ((await health()) === 'healthy' ? true : undefined))).to.equal(true);
      await pod().removeContainers(service);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
