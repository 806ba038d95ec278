import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/support/ui/browser';
import { waitFor } from '../test/support/wait-for';
import { median } from './bench-stats';
import { NODES, SERVICES_PER_NODE } from './ui-bench-shape';

// The page functions below run in the browser (this file compiles without the DOM library).
declare const document: { querySelector(s: string): unknown; querySelectorAll(s: string): { length: number } };
declare const performance: { now(): number };
declare const window: Record<string, unknown>;
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: unknown, options: { childList: boolean; subtree: boolean }): void;
  disconnect(): void;
}

const FIRST_RENDER_MS = 500;
const EVENT_TO_DOM_MS = 1000;
const RSS_MB = 150;
const LOADS = 5;
const EVENTS = 10;
const PAGES = 5;

const ROWS = NODES.length * SERVICES_PER_NODE * 2;

function verdict(label: string, value: number, unit: string, target: number): void {
  console.log(`${label}: ${value.toFixed(1)} ${unit} (target ≤ ${target} ${unit}) ${value <= target ? 'OK' : 'OVER'}`);
}

/**
 * Time from the start of the navigation until every row of the overview is in
 * the DOM, as the page itself sees it: a MutationObserver installed before any
 * script of the page notes the moment (polling from outside would add its own delay).
 */
async function firstRender(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(() => window['rowsAt'], undefined, { timeout: 10_000 });
  return (await handle.jsonValue()) as number;
}

async function noteRows(page: Page): Promise<void> {
  await page.addInitScript((rows: number) => {
    const observer = new MutationObserver(() => {
      if (document.querySelectorAll('tr[data-row]').length < rows) return;
      window['rowsAt'] = performance.now();
      observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true });
  }, ROWS);
}

/**
 * The dashboard (`mcp ui`'s server) over 3 fake nodes × 50 services, in a
 * child process, pages in headless chromium: the overview's first render,
 * an engine event's way to an open page's DOM, and the server's RSS with 5
 * pages open.
 */
export async function benchUiDashboard(): Promise<void> {
  const child = spawn(process.execPath, [join(__dirname, 'ui-fake-dashboard.main.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const browser = await launchBrowser();
  try {
    const url = await waitFor('the bench dashboard URL', 20_000, () => /(http:\/\/\S+\?key=\S+)/.exec(out)?.[1]);
    const origin = new URL(url).origin;
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await noteRows(page);
    await firstRender(page, url);
    const renders: number[] = [];
    for (let i = 0; i < LOADS; i++) renders.push(await firstRender(page, `${origin}/`));
    verdict(`overview first render, ${NODES.length} nodes × ${SERVICES_PER_NODE} services (${ROWS} rows), median of ${LOADS}`, median(renders), 'ms', FIRST_RENDER_MS);

    const delays: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const service = `${NODES[i % NODES.length]}-svc-${i}`;
      const t0 = Date.now();
      child.stdin.write(`stop ${NODES[i % NODES.length]} ${service}\n`);
      await page.waitForFunction((sel) => document.querySelector(sel) !== null, `[data-row="${service}/web"] [data-testid=drift]`, { polling: 'raf', timeout: 10_000 });
      delays.push(Date.now() - t0);
    }
    verdict(`an engine event to the open page's DOM, median of ${EVENTS}`, median(delays), 'ms', EVENT_TO_DOM_MS);

    const pages: Page[] = [];
    for (let i = 0; i < PAGES - 1; i++) {
      const p = await context.newPage();
      await noteRows(p);
      await firstRender(p, `${origin}/`);
      pages.push(p);
    }
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
    verdict(`the dashboard server's RSS with ${PAGES} pages open`, rss, 'MB', RSS_MB);
  } finally {
    await browser.close();
    child.stdin.end();
    child.kill('SIGTERM');
  }
}
