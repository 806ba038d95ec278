import { expect } from 'chai';
import { MetricsHttpServer } from '../../../src/adapters/metrics/prometheus/metrics-http.server';
import { PrometheusMetrics } from '../../../src/adapters/metrics/prometheus/prometheus-metrics.adapter';
import { isDomainError } from '../../../src/domain/errors/domain-error';
import { MemoryLogger } from '../../fakes/memory-logger';

describe('/metrics over real HTTP on 127.0.0.1', () => {
  const servers: MetricsHttpServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  async function serve(token?: string, rows = async () => [{ service: 'web', component: 'api', up: true, drift: false, healthy: true }]) {
    const metrics = new PrometheusMetrics(rows);
    const server = new MetricsHttpServer(metrics, { listen: '127.0.0.1:0', ...(token ? { token } : {}) }, new MemoryLogger());
    servers.push(server);
    const port = await server.start();
    return { metrics, url: `http://127.0.0.1:${port}` };
  }

  it('answers GET /metrics in the Prometheus text format, counters and gauges as recorded', async () => {
    const { metrics, url } = await serve();
    metrics.rpcFinished('Deploy', 'OK', 0.2);
    metrics.alertSent('drift');
    metrics.runtimeEventsUp(true);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).to.include('mcp_component_up{service="web",component="api"} 1');
    expect(text).to.include('mcp_rpc_requests_total{method="Deploy",code="OK"} 1');
    expect(text).to.include('mcp_alerts_total{type="drift"} 1');
    expect(text).to.match(/^mcp_runtime_events_up 1$/m);
    expect((await fetch(`${url}/other`)).status).to.equal(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).to.equal(405);
  });

  it('with a token: a request without it, or with another, is refused (401); the right bearer token is served', async () => {
    const { url } = await serve('s3cret-token');
    const without = await fetch(`${url}/metrics`);
    expect(without.status).to.equal(401);
    expect(without.headers.get('www-authenticate')).to.equal('Bearer');
    expect(await without.text()).not.to.include('mcp_');
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).to.equal(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Basic czNjcmV0LXRva2Vu' } })).status).to.equal(401);
    const ok = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer s3cret-token' } });
    expect(ok.status).to.equal(200);
    expect(await ok.text()).to.include('mcp_component_up');
  });

  it('reads the components once per scrape, for all three component gauges', async () => {
    let reads = 0;
    const { url } = await serve(undefined, async () => {
      reads++;
      return [{ service: 'web', component: 'api', up: true, drift: true, healthy: false }];
    });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).to.include('mcp_component_up{service="web",component="api"} 1');
    expect(text).to.include('mcp_component_drift{service="web",component="api"} 1');
    expect(text).to.include('mcp_component_healthy{service="web",component="api"} 0');
    expect(reads).to.equal(1);
    await fetch(`${url}/metrics`);
    expect(reads).to.equal(2);
  });

  it('a failing collection answers 500 in one line and the server goes on', async () => {
    let fail = true;
    const { url } = await serve(undefined, async () => {
      if (fail) throw new Error('database is locked');
      return [];
    });
    const res = await fetch(`${url}/metrics`);
    expect(res.status).to.equal(500);
    expect(await res.text()).to.match(/^cannot collect metrics: .*database is locked\n$/);
    fail = false;
    expect((await fetch(`${url}/metrics`)).status).to.equal(200);
  });

  it('a port in use is CONFIG_INVALID naming metrics.listen', async () => {
    const { url } = await serve();
    const port = new URL(url).port;
    const second = new MetricsHttpServer(new PrometheusMetrics(async () => []), { listen: `127.0.0.1:${port}` }, new MemoryLogger());
    const error = await second.start().catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).to.equal('CONFIG_INVALID');
    expect((error as Error).message).to.match(/^metrics\.listen: cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  });
});
