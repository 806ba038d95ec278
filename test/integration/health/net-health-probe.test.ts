import { expect } from 'chai';
import { type Server, createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { NetHealthProbe } from '../../../src/adapters/health/net/net-health-probe.adapter';

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = createTcpServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

describe('NetHealthProbe against real listeners on 127.0.0.1', () => {
  const probe = new NetHealthProbe();
  let http: Server;
  let httpPort: number;
  before(async () => {
    http = createHttpServer((req, res) => {
      if (req.url === '/ok') return void res.writeHead(200).end('fine');
      if (req.url === '/moved') return void res.writeHead(302, { location: '/ok' }).end();
      if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end(), 2000);
      if (req.url === '/big') return void res.writeHead(500).end('e'.repeat(100_000));
      res.writeHead(503).end('down for maintenance');
    });
    httpPort = await listen(http);
  });
  after(() => {
    http.closeAllConnections();
    http.close();
  });

  it('http: 2xx and 3xx are healthy, a redirect is not followed', async () => {
    expect(await probe.http(`http://127.0.0.1:${httpPort}/ok`, 2000)).to.deep.equal({ ok: true, output: 'HTTP 200 fine' });
    expect(await probe.http(`http://127.0.0.1:${httpPort}/moved`, 2000)).to.deep.equal({ ok: true, output: 'HTTP 302' });
  });

  it('http: a 5xx is unhealthy, with the status and the start of the body', async () => {
    expect(await probe.http(`http://127.0.0.1:${httpPort}/down`, 2000)).to.deep.equal({ ok: false, output: 'HTTP 503 down for maintenance' });
    const big = await probe.http(`http://127.0.0.1:${httpPort}/big`, 2000);
    expect(big.ok).to.equal(false);
    expect(big.output.length).to.be.at.most(1100);
  });

  it('http: a timeout and a refused connection are unhealthy, saying so', async () => {
    const slow = await probe.http(`http://127.0.0.1:${httpPort}/slow`, 200);
    expect(slow).to.deep.equal({ ok: false, output: `GET http://127.0.0.1:${httpPort}/slow: no answer within 200ms` });
    const port = await closedPort();
    const refused = await probe.http(`http://127.0.0.1:${port}/`, 2000);
    expect(refused.ok).to.equal(false);
    expect(refused.output).to.match(/ECONNREFUSED/);
  });

  it('tcp: a listener is healthy, a closed port is not', async () => {
    const tcp = createTcpServer((s) => s.destroy());
    const port = await listen(tcp);
    try {
      expect(await probe.tcp(`127.0.0.1:${port}`, 2000)).to.deep.equal({ ok: true, output: `connected to 127.0.0.1:${port}` });
    } finally {
      tcp.close();
    }
    const closed = await probe.tcp(`127.0.0.1:${await closedPort()}`, 2000);
    expect(closed.ok).to.equal(false);
    expect(closed.output).to.match(/ECONNREFUSED/);
  });
});
