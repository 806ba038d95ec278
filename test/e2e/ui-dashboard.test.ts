/*
 * `mcp ui` in a real browser: the built `mcp ui` (child process) against a
 * real agent with real podman, pages driven by headless Debian chromium
 * through playwright-core. Every wait has a bound: the bounds the contract
 * names (drift 2 s, a log line 1 s) are asserted, not slept.
 */
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { restartAgentProcess } from '../support/agent/agent-process';
import { repoRoot } from '../support/repo-root';
import { cliConfigText, oneLineError, useE2e } from '../support/e2e/e2e-harness';
import { usePodmanFixture } from '../support/podman/podman-fixture';
import { launchBrowser } from '../support/ui/browser';
import { type RunningDashboardProcess, startDashboardProcess } from '../support/ui/dashboard-process';

// What the page functions below use of the browser's globals (the tests compile without the DOM library).
declare const document: {
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): { length: number };
  readonly documentElement: { scrollWidth: number; clientWidth: number };
  readonly activeElement: { textContent: string | null } | null;
};
declare const window: Record<string, unknown>;

describe('e2e: mcp ui in headless chromium against a real agent and podman', function () {
  this.timeout(180_000);
  const pod = usePodmanFixture();
  const e2e = useE2e(() => ({ ...pod().env }));
  let dashboard: RunningDashboardProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let svc: string;
  const idle = `["/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]`;
  const serviceText = (image: string, webCmd = idle) =>
    `name = "${svc}"\nnode = "rift"\n\n[[components]]\nname = "api"\nimage = "${image}"\ncmd = ${idle}\n\n[[components]]\nname = "web"\nimage = "${image}"\ncmd = ${webCmd}\n`;

  before(async function () {
    this.timeout(120_000);
    svc = pod().name('dash');
    e2e().writeService(svc, serviceText(pod().images.app));
    const r = await e2e().runMcp(['deploy', svc]);
    expect(r.code, r.stderr).to.equal(0);
    dashboard = await startDashboardProcess({ configPath: e2e().configPath, home: e2e().dir });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    await page.goto(dashboard.url);
  });

  after(async () => {
    await browser?.close();
    await dashboard?.stop();
  });

  const row = (component: string) => page.locator(`[data-row="${svc}/${component}"]`).first();
  const openService = async () => {
    await page.goto(`${dashboard.origin}/service/${svc}`);
    await row('api').waitFor({ timeout: 10_000 });
  };
  const confirm = async (button: string) => {
    await page.getByRole('button', { name: button, exact: true }).first().click();
    await page.locator('[role=alertdialog] button.primary').click();
  };

  it('the key link sets an HttpOnly SameSite=Strict cookie, drops the key from the address bar, and the overview lists the services', async () => {
    expect(new URL(page.url()).searchParams.has('key')).to.equal(false);
    const cookie = (await context.cookies()).find((c) => c.name === `mcp_ui_key_${new URL(dashboard.origin).port}`);
    expect([cookie?.httpOnly, cookie?.sameSite]).to.deep.equal([true, 'Strict']);
    await row('api').waitFor({ timeout: 10_000 });
    expect(await row('web').textContent()).to.contain('running');
    expect(await page.locator('[data-node=rift] h2').textContent()).to.contain('reachable');
    expect(await page.locator('.loading').count(), 'the placeholder is gone').to.equal(0);
  });

  it("the nodes page: the node reachable with its latency, the agent's release and the token's role", async () => {
    const release = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    await page.goto(`${dashboard.origin}/nodes`);
    const node = page.locator('tr[data-node=rift]');
    await node.locator('td[data-label=agent]', { hasText: release }).waitFor({ timeout: 10_000 });
    expect(await node.locator('td[data-label=agent]').textContent()).to.equal(release);
    expect(await node.locator('td[data-label=state]').textContent()).to.match(/^● reachable \(\d+ ms\)$/);
    expect(await node.locator('td[data-label=role]').textContent()).to.equal('admin');
  });

  it('a request without the key gets 401; a cross-origin POST with the key gets 403; a GET cannot change anything', async () => {
    const bare = await fetch(`${dashboard.origin}/`);
    expect(bare.status).to.equal(401);
    expect(((await bare.json()) as { error: string }).error).to.match(/^no session key/);
    expect((await fetch(`${dashboard.origin}/api/live`)).status).to.equal(401);
    const cookie = dashboard.cookie;
    const forged = await fetch(`${dashboard.origin}/api/services/${svc}/stop`, { method: 'POST', headers: { cookie, origin: 'http://evil.example', 'content-type': 'application/json' }, body: '{}' });
    expect(forged.status).to.equal(403);
    const noOrigin = await fetch(`${dashboard.origin}/api/services/${svc}/stop`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(noOrigin.status).to.equal(403);
    expect((await fetch(`${dashboard.origin}/api/services/${svc}/stop`, { headers: { cookie } })).status).to.equal(404);
    const csp = bare.headers.get('content-security-policy') ?? '';
    expect(csp).to.contain("script-src 'self'");
    expect(csp).not.to.contain('unsafe-inline');
  });

  it("a viewer token (the node's WhoAmI says so): no deploy, stop or rollback button, and the dashboard refuses a same-origin POST with 403", async () => {
    const tokenPath = join(e2e().dir, 'viewer-token');
    writeFileSync(tokenPath, `${e2e().agent.viewerToken}\n`, { mode: 0o600 });
    const configPath = join(e2e().dir, 'viewer.toml');
    writeFileSync(configPath, cliConfigText({ servicesDir: e2e().servicesDir, tokenPath, caPath: e2e().agent.certs.caPath, nodes: [{ name: 'rift', address: e2e().agent.address }] }));
    const viewer = await startDashboardProcess({ configPath, home: e2e().dir });
    // Its own context: cookies are per host, not per port, and this key must not replace the admin page's.
    const viewerContext = await browser.newContext();
    const viewerPage = await viewerContext.newPage();
    try {
      await viewerPage.goto(viewer.url);
      await viewerPage.goto(`${viewer.origin}/service/${svc}`);
      await viewerPage.getByText('read only: your token is a viewer on rift').waitFor({ timeout: 10_000 });
      expect(await viewerPage.locator('button').count()).to.equal(0);
      const forged = await fetch(`${viewer.origin}/api/services/${svc}/deploy`, { method: 'POST', headers: { cookie: viewer.cookie, origin: viewer.origin, 'content-type': 'application/json' }, body: '{}' });
      expect(forged.status).to.equal(403);
      expect(((await forged.json()) as { code: string }).code).to.equal('PERMISSION_DENIED');
    } finally {
      await viewerContext.close();
      await viewer.stop();
    }
  });

  it('`podman stop` of a container turns its row to drift within 2 s, without a reload', async () => {
    await page.goto(`${dashboard.origin}/`);
    await row('web').waitFor();
    expect(await row('web').locator('[data-testid=drift]').count()).to.equal(0);
    await page.evaluate(() => (window['notReloaded'] = true));
    await pod().podman(['stop', '--time=1', `${svc}-web`]);
    const stopped = Date.now();
    await row('web').locator('[data-testid=drift]').waitFor({ timeout: 2000 });
    expect(Date.now() - stopped).to.be.below(2000);
    expect(await row('web').textContent()).to.match(/DRIFT: desired running, observed (exited|stopped)/);
    expect(await page.evaluate(() => window['notReloaded'])).to.equal(true);
    // README's picture (docs/dashboard.png): the overview with the drift, as this browser drew it.
    const shot = process.env['MCP_UI_SCREENSHOT'];
    if (shot) await page.screenshot({ path: shot, fullPage: true });
  });

  it('deploy from the service page: confirmation, the steps live (surviving a reload), ends ok and the drift is gone', async () => {
    await openService();
    await confirm('Deploy');
    const action = page.locator('[data-testid=action]');
    await action.locator('[data-step]').first().waitFor({ timeout: 20_000 });
    expect(await action.getAttribute('data-state')).to.equal('running');
    await page.reload();
    await action.locator('[data-step]').first().waitFor({ timeout: 5000 });
    await page.locator('[data-testid=action][data-state=ok]').waitFor({ timeout: 60_000 });
    const steps = await action.locator('[data-step]').allTextContents();
    expect(steps.some((s) => s.startsWith('api: pulling') || s.startsWith('api: starting'))).to.equal(true, steps.join('\n'));
    expect(await action.locator('[data-result=ok]').count()).to.equal(2);
    await page.goto(`${dashboard.origin}/`);
    await row('web').waitFor();
    await page.waitForFunction((sel) => document.querySelectorAll(`${sel} [data-testid=drift]`).length === 0, `[data-row="${svc}/web"]`, { timeout: 10_000 });
  });

  it('a failing deploy shows FAILED, the failing component with its reason and log tail', async () => {
    e2e().writeService(svc, serviceText(pod().images.app, `["/bin/sh", "-c", "echo web cannot start; exit 2"]`));
    await openService();
    await page.waitForFunction(() => document.querySelector('pre.plan')?.textContent?.includes('~ web') ?? false, undefined, { timeout: 10_000 });
    expect(await page.locator('pre.plan').textContent(), 'the plan of the file names the change').to.match(/~ web +cmd /);
    await confirm('Deploy');
    await page.locator('[data-testid=action][data-state=failed]').waitFor({ timeout: 60_000 });
    const text = await page.locator('[data-testid=action]').textContent();
    expect(text).to.contain('FAILED');
    expect(text).to.contain('restored');
    // The failing component says why, not only "restored" (the spec: "names the failing component, why, and its last 20 log lines").
    expect(await page.locator('[data-testid=action] [data-result=failed]').textContent()).to.match(/^web: ✗ FAILED: \S.* \(restored: back as it was\)web cannot start/);
    e2e().writeService(svc, serviceText(pod().images.app));
  });

  it('rollback from the history: a v2 deploy, then "Roll back to" the v1 revision brings v1 back', async () => {
    e2e().writeService(svc, serviceText(pod().images.appV2));
    const v2 = await e2e().runMcp(['deploy', svc]);
    expect(v2.code, v2.stdout + v2.stderr).to.equal(0);
    await openService();
    const first = page.locator('ol.history li[data-revision="1"] button');
    await first.waitFor({ timeout: 10_000 });
    await first.click();
    await page.locator('[role=alertdialog] button.primary').click();
    await page.locator('[data-testid=action][data-state=ok]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid=action] h3').textContent()).to.contain('rollback');
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('(current)') ?? false, 'ol.history li:first-child', { timeout: 10_000 });
    const images = await page.locator(`[data-row="${svc}/api"] td[data-label=image]`).textContent();
    expect(images).to.equal(pod().images.app);
  });

  it('logs follow shows a line the container writes within 1 s', async () => {
    await page.goto(`${dashboard.origin}/logs/${svc}%2Fapi?tail=5&follow=1`);
    await page.locator('[data-testid=log]').waitFor();
    // A first line shows the follow is open end to end (browser, dashboard, agent, podman); the second one is timed.
    const say = (text: string) => pod().podman(['exec', `${svc}-api`, 'sh', '-c', `echo ${text} > /proc/1/fd/1`]);
    const seen = (text: string, timeout: number) => page.waitForFunction((m) => document.querySelector('[data-testid=log]')?.textContent?.includes(m) ?? false, text, { timeout });
    await say('warm-up');
    await seen('warm-up', 20_000);
    const marker = `marker-${Date.now()}`;
    await say(marker);
    const written = Date.now();
    await seen(marker, 1000);
    expect(Date.now() - written).to.be.below(1000);
  });

  it('at 375 px wide: no horizontal scroll on the overview and the service page; every button reachable by Tab', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 800 });
    for (const path of ['/', `/service/${svc}`, '/events', '/nodes']) {
      await phone.goto(`${dashboard.origin}${path}`);
      await phone.locator('main h1').waitFor();
      if (path !== '/events' && path !== '/nodes') await phone.locator(`[data-row="${svc}/api"]`).first().waitFor();
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).to.be.at.most(0);
    }
    await phone.goto(`${dashboard.origin}/service/${svc}`);
    await phone.locator('button', { hasText: 'Deploy' }).waitFor();
    const reached = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await phone.keyboard.press('Tab');
      reached.add((await phone.evaluate(() => document.activeElement?.textContent ?? '')).trim());
    }
    expect([...reached]).to.include.members(['Deploy', 'Restart', 'Stop', 'Start']);
    await phone.close();
  });

  it('a non-loopback --listen without TLS is refused: one line, exit 2', async () => {
    const r = await e2e().runMcp(['ui', '--listen', '0.0.0.0:0']);
    expect(r.code).to.equal(2);
    expect(oneLineError(r)).to.equal('mcp: --listen 0.0.0.0:0 is not loopback: the dashboard is then reachable by others, so it needs --tls-cert and --tls-key');
  });

  // Last: it stops the describe's agent (and starts it again on its port, then stops it).
  it('an agent that goes away is shown UNREACHABLE with its last known services, and comes back by itself', async () => {
    await page.goto(`${dashboard.origin}/`);
    await row('api').waitFor();
    const agent = e2e().agent;
    await agent.stop();
    await page.locator('[data-node=rift] [data-testid=unreachable]').waitFor({ timeout: 5000 });
    expect(await page.locator('[data-node=rift] h2').textContent()).to.match(/✗ UNREACHABLE: \S/);
    expect(await row('api').textContent()).to.contain('(last known)');
    // The same agent again, on the port the dashboard knows (what a systemd restart does).
    writeFileSync(agent.configPath, readFileSync(agent.configPath, 'utf8').replace('grpc_addr = "127.0.0.1:0"', `grpc_addr = "${agent.address}"`));
    const again = await restartAgentProcess(agent, { env: { ...pod().env } });
    try {
      await page.waitForFunction(() => document.querySelectorAll('[data-node=rift] [data-testid=unreachable]').length === 0, undefined, { timeout: 10_000 });
      expect(await row('api').textContent()).not.to.contain('(last known)');
    } finally {
      await again.stop();
    }
  });
});
