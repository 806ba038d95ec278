/*
 * A real browser for the dashboard's tests and bench: Debian's headless
 * chromium (.ci/install-system-deps.sh installs it) driven by playwright-core
 * through executablePath, so nothing is downloaded.
 */
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env['MCP_CHROMIUM'] ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  // --no-sandbox: the test runs as root in a container, where chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
