/*
 * The dashboard's server in this process over the CLI's use cases on fake
 * nodes, its pages in headless chromium: roles, a node that does not answer,
 * the one-line errors. The real agent and podman are in test/e2e/ui-dashboard.
 */
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { RunningDashboard } from '../../../src/adapters/ui/web/dashboard-server';
import type { Role } from '../../../src/adapters/ui/web/live-messages';
import { checkExposure, parseListen } from '../../../src/adapters/ui/web/listen-address';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import { get } from 'node:https';
import { makeTestCerts } from '../../support/tls/test-ca';
import { launchBrowser } from '../../support/ui/browser';
import { startInProcessDashboard } from '../../support/ui/in-process-dashboard';
import { makeSut, spec } from '../../unit/cli/cli-sut';
import { AsyncChannel } from '../../fakes/async-channel';
import type { NodeEvent } from '../../../src/domain/events/transition-event';
import type { ServiceLogLine } from '../../../src/application/shared/results/log-line';

// What the page functions below use of the browser's globals (the tests compile without the DOM library).
declare const document: {
  querySelectorAll(selector: string): { length: number };
  querySelector(selector: string): { textContent: string | null } | null;
  readonly activeElement: { textContent: string | null } | null;
};

describe('mcp ui server (in-process, fake nodes) in headless chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  /** Each node answers WhoAmI with the role given here (admin, unscoped, unless said). */
  async function open(roles: Readonly<Record<string, Role>> = {}, setup?: (sut: ReturnType<typeof makeSut>) => void): Promise<{ sut: ReturnType<typeof makeSut>; dash: RunningDashboard; page: Page; done: () => Promise<void> }> {
    const sut = makeSut();
    setup?.(sut);
    for (const [node, role] of Object.entries(roles)) sut.gateways.node(node).whoami = { user: 'kyle', role, services: [] };
    sut.gateways.node('rift').hold(spec({ name: 'web', node: 'rift' }));
    sut.gateways.node('vade').hold(spec({ name: 'db', node: 'vade' }));
    const dash = await startInProcessDashboard(sut);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(dash.url);
    return {
      sut,
      dash,
      page,
      done: async () => {
        await context.close();
        await dash.close();
      },
    };
  }

  it('a viewer sees no deploy, stop or rollback button, and a POST is refused with 403 and one line', async () => {
    const t = await open({ rift: 'viewer' });
    try {
      await t.page.goto(`${t.dash.origin}/service/web`);
      await t.page.getByText('read only: your token is a viewer on rift').waitFor({ timeout: 5000 });
      expect(await t.page.locator('button').count()).to.equal(0);
      const r = await fetch(`${t.dash.origin}/api/services/web/deploy`, { method: 'POST', headers: { cookie: t.dash.cookie, origin: t.dash.origin, 'content-type': 'application/json' }, body: '{}' });
      expect(r.status).to.equal(403);
      expect(await r.json()).to.deep.equal({ error: 'your token is a viewer on rift: it may not deploy web', code: 'PERMISSION_DENIED' });
      expect(t.sut.gateways.callsTo('deploy')).to.deep.equal([]);
      await t.page.goto(`${t.dash.origin}/service/db`);
      await t.page.getByRole('button', { name: 'Deploy', exact: true }).waitFor({ timeout: 5000 });
    } finally {
      await t.done();
    }
  });

  const fileOnly = (sut: ReturnType<typeof makeSut>) => {
    sut.definitions.put(spec({ name: 'fresh', node: 'rift' }));
    sut.definitions.put(spec({ name: 'later', node: 'vade' }));
    sut.gateways.failNode('vade');
  };

  it('a service no node holds yet: a viewer on the node its file names gets no Deploy button; an unreachable node\'s role reads "not known", and no button is offered there', async () => {
    const t = await open({ rift: 'viewer' }, fileOnly);
    try {
      await t.page.goto(`${t.dash.origin}/service/fresh`);
      await t.page.getByText('read only: your token is a viewer on rift').waitFor({ timeout: 5000 });
      expect(await t.page.locator('button').count()).to.equal(0);
      await t.page.goto(`${t.dash.origin}/service/later`);
      await t.page.getByText('no actions: your role on vade is not known yet: it has not answered').waitFor({ timeout: 5000 });
      expect(await t.page.locator('button').count()).to.equal(0);
      await t.page.goto(`${t.dash.origin}/nodes`);
      await t.page.locator('tr[data-node=vade] td[data-label=state]', { hasText: 'UNREACHABLE' }).waitFor({ timeout: 5000 });
      expect(await t.page.locator('tr[data-node=vade] td[data-label=role]').textContent()).to.equal('not known (no answer yet)');
      expect(await t.page.locator('tr[data-node=rift] td[data-label=role]').textContent()).to.equal('viewer');
    } finally {
      await t.done();
    }
  });

  it('a service no node holds yet: an admin on the node its file names gets the Deploy button while another node is unreachable', async () => {
    const t = await open({}, fileOnly);
    try {
      await t.page.goto(`${t.dash.origin}/service/fresh`);
      await t.page.getByRole('button', { name: 'Deploy', exact: true }).waitFor({ timeout: 5000 });
      expect(await t.page.locator('p.muted').first().textContent()).to.match(/^no node holds fresh \(yet\): a deploy of its definition file creates it on rift ● reachable \(\d+ ms\)\.$/);
    } finally {
      await t.done();
    }
  });

  it('a failed deploy: the failing component shows why (and that it is back as it was), the others only "restored"', async () => {
    const t = await open();
    try {
      t.sut.gateways.node('rift').componentFailures.set('api', { code: 'HEALTH_CHECK_FAILED', message: 'web-api stopped 0.3s after it started', restored: true, logTail: ['boom-out'] });
      t.sut.gateways.node('rift').componentFailures.set('web', { code: 'DEPLOY_UNDONE', message: 'restored: the deploy failed at api', restored: true });
      await t.page.goto(`${t.dash.origin}/service/web`);
      await t.page.getByRole('button', { name: 'Deploy', exact: true }).click();
      await t.page.locator('[role=alertdialog] button.primary').click();
      await t.page.locator('[data-testid=action][data-state=failed]').waitFor({ timeout: 5000 });
      expect(await t.page.locator('ul.results > li[data-result=failed]').textContent()).to.equal('api: ✗ FAILED: web-api stopped 0.3s after it started (restored: back as it was)boom-out');
      expect(await t.page.locator('ul.results > li[data-result=restored]').textContent()).to.equal('web: ↺ restored (back as it was)');
    } finally {
      await t.done();
    }
  });

  it('the confirm box takes the focus when it opens from the keyboard, and Escape closes it without acting', async () => {
    const t = await open();
    try {
      await t.page.goto(`${t.dash.origin}/service/web`);
      await t.page.getByRole('button', { name: 'Restart', exact: true }).focus();
      await t.page.keyboard.press('Enter');
      await t.page.locator('[role=alertdialog]').waitFor({ timeout: 5000 });
      await t.page.waitForFunction(() => document.activeElement?.textContent === 'Yes, restart web', undefined, { timeout: 5000 });
      await t.page.keyboard.press('Escape');
      await t.page.locator('[role=alertdialog]').waitFor({ state: 'detached', timeout: 5000 });
      expect(t.sut.gateways.callsTo('restart')).to.deep.equal([]);
    } finally {
      await t.done();
    }
  });

  it('a node that does not answer is shown as such while the other stays live; it comes back by itself', async () => {
    const sut0 = makeSut();
    sut0.gateways.failNode('vade');
    sut0.gateways.node('rift').hold(spec({ name: 'web', node: 'rift' }));
    const dash = await startInProcessDashboard(sut0);
    const page = await browser.newPage();
    try {
      await page.goto(dash.url);
      await page.locator('[data-node=vade] [data-testid=unreachable]').waitFor({ timeout: 5000 });
      expect(await page.locator('[data-node=vade] h2').textContent()).to.contain('UNREACHABLE: node vade unavailable: connect ECONNREFUSED');
      await page.locator('[data-row="web/api"]').waitFor();
      sut0.gateways.node('vade').failure = undefined;
      sut0.gateways.node('vade').hold(spec({ name: 'db', node: 'vade' }));
      await page.locator('[data-row="db/api"]').waitFor({ timeout: 5000 });
      expect(await page.locator('[data-node=vade] [data-testid=unreachable]').count()).to.equal(0);
      await page.getByRole('link', { name: 'Nodes' }).click();
      await page.locator('tr[data-node=vade]').waitFor();
      expect(await page.locator('tr[data-node=vade] td[data-label=state]').textContent()).to.match(/^● reachable \(\d+ ms\)$/);
      expect(await page.locator('tr[data-node=rift] td[data-label=role]').textContent()).to.equal('admin');
    } finally {
      await page.close();
      await dash.close();
    }
  });

  it('a failing request answers the CLI’s one-line message, never a stack; a failing action shows it on the page', async () => {
    const t = await open();
    try {
      const r = await fetch(`${t.dash.origin}/api/services/nope/history`, { headers: { cookie: t.dash.cookie } });
      const body = (await r.json()) as { error: string; code: string };
      expect(r.status).to.equal(404);
      expect(body.error).to.match(/^no definition for nope: /);
      expect(body.error).not.to.contain('\n');
      expect(JSON.stringify(body)).not.to.match(/\bat \S+ \(/);
      t.sut.gateways.node('vade').failure = new DomainError(ErrorCode.NodeUnavailable, 'node vade unavailable: connect ECONNREFUSED');
      await t.page.goto(`${t.dash.origin}/service/db`);
      await t.page.getByRole('button', { name: 'Restart', exact: true }).click();
      await t.page.locator('[role=alertdialog] button.primary').click();
      await t.page.locator('[data-testid=action][data-state=failed]').waitFor({ timeout: 5000 });
      expect(await t.page.locator('[data-testid=action] p.error').textContent()).to.match(/^mcp: no definition for db: .*; could not ask vade: node vade unavailable: connect ECONNREFUSED$/);
    } finally {
      await t.done();
    }
  });

  it('events: history and live events, filtered by node, service and kind from the URL', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec({ name: 'web', node: 'rift' }));
    sut.gateways.node('rift').nodeEvents.push({ kind: 'transition', service: 'web', component: 'api', from: 'running', to: 'exited', at: new Date(Date.now() - 60_000) });
    const live = new AsyncChannel<NodeEvent>();
    sut.gateways.node('rift').liveChannel = live;
    const dash = await startInProcessDashboard(sut);
    const page = await browser.newPage();
    try {
      await page.goto(dash.url);
      await page.goto(`${dash.origin}/events?node=rift&kind=health`);
      await page.getByText('no events').waitFor({ timeout: 5000 });
      live.push({ kind: 'health', service: 'web', component: 'api', from: 'healthy', to: 'unhealthy', at: new Date(), output: 'connection refused' });
      live.push({ kind: 'deploy', service: 'web', component: '', outcome: 'deployed', at: new Date(), message: '', revision: 2 });
      await page.locator('ol.events li[data-kind=health]').waitFor({ timeout: 5000 });
      expect(await page.locator('ol.events li').allTextContents()).to.have.length(1);
      expect(await page.locator('ol.events li').textContent()).to.match(/rift web\/api health healthy -> unhealthy: connection refused$/);
      await page.selectOption('select >> nth=2', '');
      await page.waitForFunction(() => document.querySelectorAll('ol.events li').length === 3);
      expect(new URL(page.url()).search).to.equal('?node=rift');
      expect(await page.locator('ol.events li').first().textContent(), 'newest first').to.contain('deployed (revision 2)');
    } finally {
      await page.close();
      await dash.close();
    }
  });

  it('logs: tail N and follow from the URL; Pause holds new lines until Resume', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec({ name: 'web', node: 'rift' }));
    sut.gateways.node('rift').logLines.push({ component: 'api', stream: 'stdout', line: 'booted' });
    const lines = new AsyncChannel<ServiceLogLine>();
    sut.gateways.node('rift').logChannel = lines;
    const dash = await startInProcessDashboard(sut);
    const page = await browser.newPage();
    const log = page.locator('[data-testid=log]');
    try {
      await page.goto(dash.url);
      await page.goto(`${dash.origin}/logs/web%2Fapi?tail=7&follow=1`);
      await page.waitForFunction(() => document.querySelector('[data-testid=log]')?.textContent?.includes('booted') ?? false, undefined, { timeout: 5000 });
      expect(sut.gateways.callsTo('logs').map((c) => c.arg)).to.deep.equal([{ service: 'web', component: 'api', follow: true, tail: 7 }]);
      lines.push({ component: 'api', stream: 'stderr', line: 'warming up' });
      await page.waitForFunction(() => document.querySelector('[data-testid=log]')?.textContent?.includes('! [api] warming up') ?? false, undefined, { timeout: 5000 });
      await page.getByRole('button', { name: 'Pause' }).click();
      lines.push({ component: 'api', stream: 'stdout', line: 'held back' });
      await page.getByRole('button', { name: 'Resume (1 waiting)' }).waitFor({ timeout: 5000 });
      expect(await log.textContent()).not.to.contain('held back');
      await page.getByRole('button', { name: 'Resume (1 waiting)' }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid=log]')?.textContent?.includes('[api] held back') ?? false, undefined, { timeout: 5000 });
    } finally {
      await page.close();
      await dash.close();
    }
  });

  it('with --tls-cert/--tls-key: HTTPS, and the session cookie is Secure', async () => {
    const certs = makeTestCerts();
    const dash = await startInProcessDashboard(makeSut(), { cert: certs.certPath, key: certs.keyPath });
    try {
      expect(dash.url).to.match(/^https:\/\/127\.0\.0\.1:\d+\/\?key=/);
      const answer = await new Promise<{ status?: number; cookie?: string[] }>((resolve, reject) => {
        get(dash.url, { ca: certs.ca }, (res) => {
          res.resume();
          resolve({ ...(res.statusCode !== undefined ? { status: res.statusCode } : {}), ...(res.headers['set-cookie'] ? { cookie: res.headers['set-cookie'] } : {}) });
        }).on('error', reject);
      });
      expect(answer.status).to.equal(303);
      expect(answer.cookie?.[0]).to.match(/^mcp_ui_key_\d+=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
    } finally {
      await dash.close();
      certs.cleanup();
    }
  });

  it('--listen: loopback only, unless TLS is given; a bad address is one line', () => {
    expect(parseListen('127.0.0.1:9446')).to.deep.equal({ host: '127.0.0.1', port: 9446, loopback: true });
    expect(parseListen('[::1]:0').loopback).to.equal(true);
    expect(() => checkExposure(parseListen('0.0.0.0:9446'), {})).to.throw(/is not loopback: .* needs --tls-cert and --tls-key/);
    expect(() => checkExposure(parseListen('192.168.1.5:9446'), { cert: 'c.pem' })).to.throw(/go together/);
    expect(() => checkExposure(parseListen('192.168.1.5:9446'), { cert: 'c.pem', key: 'k.pem' })).not.to.throw();
    expect(() => parseListen('9446')).to.throw('--listen "9446": expected host:port, e.g. 127.0.0.1:9446');
  });
});
