/*
 * The dashboard's HTTP rules in this process over the CLI's use cases on
 * fake nodes, with fetch as a script would: who may change a service (the
 * node that holds it, else the one its file names, as that node said),
 * what a rollback body and a log tail must be, the cookie per dashboard,
 * and the same-origin check on every address of 0.0.0.0.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { hostname, networkInterfaces, tmpdir } from 'node:os';
import type { RunningDashboard } from '../../../src/adapters/ui/web/dashboard-server';
import type { LiveMessage, NodeRow } from '../../../src/adapters/ui/web/live-messages';
import type { Role } from '../../../src/adapters/ui/web/live-messages';
import { makeTestCerts } from '../../support/tls/test-ca';
import { startDashboardProcess } from '../../support/ui/dashboard-process';
import { startInProcessDashboard } from '../../support/ui/in-process-dashboard';
import { waitFor } from '../../support/wait-for';
import { makeSut, spec } from '../../unit/cli/cli-sut';

type Sut = ReturnType<typeof makeSut>;

/** The state the server holds (the snapshot every page gets). */
async function snapshot(dash: RunningDashboard): Promise<Extract<LiveMessage, { type: 'snapshot' }>> {
  const html = await (await fetch(`${dash.origin}/`, { headers: { cookie: dash.cookie } })).text();
  const json = /<script type="application\/json" id="snapshot">(.*?)<\/script>/s.exec(html)?.[1];
  return JSON.parse(json!.replace(/\\u003c/g, '<')) as Extract<LiveMessage, { type: 'snapshot' }>;
}

/** Until every node in `nodes` answered once (reachable, with the role it said) or is marked unreachable. */
async function settled(dash: RunningDashboard, nodes: Readonly<Record<string, 'answered' | 'unreachable'>>): Promise<readonly NodeRow[]> {
  return waitFor('every node answered or failed', 5000, async () => {
    const rows = (await snapshot(dash)).nodes;
    const ok = Object.entries(nodes).every(([name, want]) => {
      const row = rows.find((n) => n.node === name);
      return want === 'answered' ? row?.reachable === true && row.role !== undefined : row?.reachable === false && row.error !== 'connecting…';
    });
    return ok ? rows : undefined;
  });
}

function post(dash: RunningDashboard, path: string, body: string | undefined = '{}'): Promise<Response> {
  return fetch(`${dash.origin}${path}`, { method: 'POST', headers: { cookie: dash.cookie, origin: dash.origin, 'content-type': 'application/json' }, body });
}

function says(sut: Sut, node: string, role: Role, services: string[] = []): void {
  sut.gateways.node(node).whoami = { user: 'kyle', role, services };
}

describe('mcp ui server API (in-process, fake nodes)', function () {
  this.timeout(30_000);
  const open: RunningDashboard[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close()));
  });
  const start = async (sut: Sut, tls?: { cert: string; key: string }, listen?: { host: string; port: number; loopback: boolean }) => {
    const dash = await startInProcessDashboard(sut, tls, listen);
    open.push(dash);
    return dash;
  };

  describe('who may change a service no node holds yet', () => {
    it('an admin deploys a new service its file puts on a node that answered, while another node is unreachable', async () => {
      const sut = makeSut();
      sut.gateways.failNode('vade');
      sut.definitions.put(spec({ name: 'fresh', node: 'rift' }));
      const dash = await start(sut);
      const rows = await settled(dash, { rift: 'answered', vade: 'unreachable' });
      expect(rows.find((n) => n.node === 'vade')?.role, 'an unreachable node has no role: none is guessed').to.equal(undefined);
      const r = await post(dash, '/api/services/fresh/deploy');
      expect([r.status, await r.json()]).to.deep.equal([202, { id: 1 }]);
      await waitFor('the deploy on rift', 5000, () => sut.gateways.callsTo('deploy').find((c) => c.node === 'rift'));
      expect(await (await fetch(`${dash.origin}/api/services/fresh/node`, { headers: { cookie: dash.cookie } })).json()).to.deep.equal({ node: 'rift' });
    });

    it('the role on the node the file names decides, not the least role of any node', async () => {
      const sut = makeSut();
      says(sut, 'rift', 'viewer');
      sut.definitions.put(spec({ name: 'fresh', node: 'vade' }));
      sut.definitions.put(spec({ name: 'other', node: 'rift' }));
      const dash = await start(sut);
      await settled(dash, { rift: 'answered', vade: 'answered' });
      expect((await post(dash, '/api/services/fresh/deploy')).status).to.equal(202);
      const refused = await post(dash, '/api/services/other/deploy');
      expect([refused.status, await refused.json()]).to.deep.equal([403, { error: 'your token is a viewer on rift: it may not deploy other', code: 'PERMISSION_DENIED' }]);
      await waitFor('the deploy on vade', 5000, () => sut.gateways.callsTo('deploy').find((c) => c.node === 'vade'));
      expect(sut.gateways.callsTo('deploy').map((c) => c.node)).to.deep.equal(['vade']);
    });

    it('a scoped deployer is refused a service outside its scope, naming the scope and the service; inside it, it may', async () => {
      const sut = makeSut();
      says(sut, 'rift', 'deployer', ['web-*']);
      sut.gateways.node('rift').hold(spec({ name: 'web-front', node: 'rift' }));
      sut.definitions.put(spec({ name: 'db', node: 'rift' }));
      const dash = await start(sut);
      await settled(dash, { rift: 'answered' });
      const refused = await post(dash, '/api/services/db/restart');
      expect([refused.status, await refused.json()]).to.deep.equal([
        403,
        { error: 'your token is a deployer on rift limited to web-*, and db is outside that scope: it may not restart db', code: 'PERMISSION_DENIED' },
      ]);
      expect((await post(dash, '/api/services/web-front/restart')).status).to.equal(202);
      await waitFor('the restart', 5000, () => sut.gateways.callsTo('restart')[0]);
      expect(sut.gateways.callsTo('restart').map((c) => c.arg)).to.deep.equal(['web-front']);
    });

    it('a node that never answered refuses nothing in its place: the action runs and fails as the node does', async () => {
      const sut = makeSut();
      sut.gateways.failNode('vade');
      sut.definitions.put(spec({ name: 'fresh', node: 'vade' }));
      const dash = await start(sut);
      await settled(dash, { vade: 'unreachable' });
      const r = await post(dash, '/api/services/fresh/deploy');
      expect(r.status).to.equal(202);
      const failed = await waitFor('the failed action', 5000, async () => (await snapshot(dash)).actions.find((a) => a.state === 'failed'));
      expect(failed.message).to.equal('node vade unavailable: connect ECONNREFUSED');
    });
  });

  describe('the rollback body and the log tail are checked before any node is asked', () => {
    let sut: Sut;
    let dash: RunningDashboard;
    beforeEach(async () => {
      sut = makeSut();
      sut.gateways.node('rift').hold(spec({ name: 'web', node: 'rift' }));
      dash = await start(sut);
      await settled(dash, { rift: 'answered', vade: 'answered' });
    });

    const refusals: Array<[string, string]> = [
      ['{}', 'a rollback needs {"to": <revision number>} or {"to": "previous"}: no "to"'],
      ['{"revision":2}', 'a rollback needs {"to": <revision number>} or {"to": "previous"}: unknown field "revision"'],
      ['[1]', 'a rollback needs {"to": <revision number>} or {"to": "previous"}, got [1]'],
      ['null', 'a rollback needs {"to": <revision number>} or {"to": "previous"}, got null'],
      ['{"to":null}', 'to null: a revision is a whole number from 1 to 4294967295, or "previous"'],
      ['{"to":"abc"}', 'to "abc": a revision is a whole number from 1 to 4294967295, or "previous"'],
      ['{"to":[1]}', 'to [1]: a revision is a whole number from 1 to 4294967295, or "previous"'],
      ['{"to":{"a":1}}', 'to {"a":1}: a revision is a whole number from 1 to 4294967295, or "previous"'],
      ['{"to":0}', 'to 0: a revision is a whole number from 1 to 4294967295, or "previous"'],
      ['{"to":-1}', 'to -1: a revision is a whole number from 1 to 4294967295, or "previous"'],
      ['{"to":1.5}', 'to 1.5: a revision is a whole number from 1 to 4294967295, or "previous"'],
      ['{"to":true}', 'to true: a revision is a whole number from 1 to 4294967295, or "previous"'],
      ['{"to":4294967296}', 'to 4294967296: a revision is a whole number from 1 to 4294967295, or "previous"'],
      ['{"to":1e300}', 'to 1e+300: a revision is a whole number from 1 to 4294967295, or "previous"'],
    ];
    for (const [body, error] of refusals) {
      it(`rollback ${body} → 400 "${error}", nothing runs`, async () => {
        const r = await post(dash, '/api/services/web/rollback', body);
        expect([r.status, await r.json()]).to.deep.equal([400, { error, code: 'INVALID_ARGUMENT' }]);
        expect((await snapshot(dash)).actions).to.deep.equal([]);
        expect(sut.gateways.callsTo('rollback')).to.deep.equal([]);
      });
    }

    it('rollback {"to": 2} asks for revision 2; {"to": "previous"} for the one before the current', async () => {
      expect((await post(dash, '/api/services/web/rollback', '{"to":2}')).status).to.equal(202);
      await waitFor('the first rollback to end', 5000, async () => (await snapshot(dash)).actions.find((a) => a.state !== 'running'));
      expect((await post(dash, '/api/services/web/rollback', '{"to":"previous"}')).status).to.equal(202);
      await waitFor('two rollbacks', 5000, () => (sut.gateways.callsTo('rollback').length === 2 ? true : undefined));
      expect(sut.gateways.callsTo('rollback').map((c) => c.arg)).to.deep.equal([{ service: 'web', to: 2 }, { service: 'web' }]);
    });

    for (const [tail, why] of [
      ['4294967296', 'tail=4294967296: use a whole number from 0 to 100000'],
      ['100001', 'tail=100001: use a whole number from 0 to 100000'],
      ['1e3', 'tail=1e3: use a whole number from 0 to 100000'],
      ['-1', 'tail=-1: use a whole number from 0 to 100000'],
    ]) {
      it(`logs tail=${tail} → 400 naming it, no node asked`, async () => {
        const r = await fetch(`${dash.origin}/api/logs?target=web&tail=${tail}&follow=0`, { headers: { cookie: dash.cookie } });
        expect([r.status, await r.json()]).to.deep.equal([400, { error: why, code: 'INVALID_ARGUMENT' }]);
        expect(sut.gateways.callsTo('logs')).to.deep.equal([]);
      });
    }
  });

  it("two dashboards on one host: each has its own cookie, so one's key never replaces the other's", async () => {
    const a = await start(makeSut());
    const b = await start(makeSut());
    const cookieOf = async (d: RunningDashboard) => (await fetch(d.url, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0];
    expect(await cookieOf(a)).to.equal(a.cookie);
    expect(await cookieOf(b)).to.equal(b.cookie);
    expect(a.cookie.split('=')[0]).to.equal(`mcp_ui_key_${new URL(a.origin).port}`);
    // What a browser sends each of them once it holds both cookies (they are per host, not per port).
    const both = `${a.cookie}; ${b.cookie}`;
    expect((await fetch(`${a.origin}/api/live`, { headers: { cookie: both } }).then((r) => (void r.body?.cancel(), r.status)))).to.equal(200);
    expect((await fetch(`${b.origin}/nodes`, { headers: { cookie: both } })).status).to.equal(200);
    expect((await fetch(`${a.origin}/nodes`, { headers: { cookie: b.cookie.replace(/^[^=]+/, a.cookie.split('=')[0]!) } })).status, "b's key under a's name").to.equal(401);
  });

  it('--listen 0.0.0.0 with TLS: the URL names the machine; a change is accepted from each of its addresses when the Origin matches the Host, refused from any other name', async () => {
    const certs = makeTestCerts();
    try {
      const dash = await start(makeSut(), { cert: certs.certPath, key: certs.keyPath }, { host: '0.0.0.0', port: 0, loopback: false });
      const port = new URL(dash.origin).port;
      expect(dash.origin).to.equal(`https://${hostname()}:${port}`);
      const own = Object.values(networkInterfaces()).flatMap((l) => l ?? []).filter((a) => a.family === 'IPv4').map((a) => a.address);
      const tried = ['127.0.0.1', 'localhost', ...own];
      const answers = await Promise.all(tried.map((h) => postOverTls(`127.0.0.1`, port, `${h}:${port}`, `https://${h}:${port}`, dash.cookie, certs.ca)));
      expect(answers.map((a, i) => [tried[i], a.status])).to.deep.equal(tried.map((h) => [h, 404]));
      const forged = await postOverTls('127.0.0.1', port, `evil.example:${port}`, `https://evil.example:${port}`, dash.cookie, certs.ca);
      expect(forged.status).to.equal(403);
      const mismatch = await postOverTls('127.0.0.1', port, `127.0.0.1:${port}`, `https://localhost:${port}`, dash.cookie, certs.ca);
      expect(mismatch.status).to.equal(403);
    } finally {
      certs.cleanup();
    }
  });
});

/** A POST to a path no route has (404 once the key and Origin checks passed, 403 when they refuse), with the Host and Origin a browser at that address sends. */
function postOverTls(address: string, port: string, host: string, origin: string, cookie: string, ca: Buffer | string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: address, port: Number(port), path: '/api/nothing-here', method: 'POST', ca, servername: 'localhost', headers: { host, origin, cookie, 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

describe('mcp ui start-up (the built CLI)', function () {
  this.timeout(60_000);

  it('--open without xdg-open on PATH (an empty directory) says so on stderr, and the dashboard still runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-ui-open-'));
    const configPath = join(dir, 'mcp.toml');
    writeFileSync(configPath, `[services]\ndir = "${dir}"\n\n[auth]\ntoken_path = "${join(dir, 'token')}"\n`);
    const dash = await startDashboardProcess({ configPath, home: dir, env: { PATH: dir }, args: ['--open'] });
    try {
      const said = await waitFor('the --open message', 10_000, () => (dash.stderr().includes('\n') ? dash.stderr() : undefined));
      expect(said).to.equal('mcp ui: --open: could not run xdg-open (ENOENT): open the URL above yourself\n');
      expect((await fetch(dash.url, { redirect: 'manual' })).status).to.equal(303);
    } finally {
      await dash.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a certificate file that is not PEM, or is missing, names the flag and the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-ui-pem-'));
    const bad = join(dir, 'bad.pem');
    writeFileSync(bad, 'garbage\n');
    try {
      await startInProcessDashboard(makeSut(), { cert: bad, key: bad }).then(
        (d) => d.close().then(() => expect.fail('started')),
        (e: Error) => expect(e.message).to.match(new RegExp(`^--tls-cert ${bad} / --tls-key ${bad}: not a PEM certificate and its private key \\(.+\\)$`)),
      );
      await startInProcessDashboard(makeSut(), { cert: join(dir, 'nope.pem'), key: bad }).then(
        (d) => d.close().then(() => expect.fail('started')),
        (e: Error) => expect(e.message).to.equal(`--tls-cert ${join(dir, 'nope.pem')}: no such file`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
