/*
 * `mcp ui` costs the other commands nothing at start-up: fastify, preact and
 * the dashboard's server live in their own bundle and assets beside
 * mcp.bundle.js, which only `mcp ui` loads.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/repo-root';

const CLI_DIR = join(repoRoot, 'dist/src/bootstrap/cli');

describe('mcp ui: its own bundle, apart from the CLI’s', () => {
  it('mcp.bundle.js holds no fastify, preact or dashboard server; mcp-ui.bundle.js and ui-assets do', () => {
    const cli = readFileSync(join(CLI_DIR, 'mcp.bundle.js'), 'utf8');
    for (const marker of ['fastify', 'preact', 'startDashboard', 'content-security-policy']) expect(cli.includes(marker), marker).to.equal(false);
    const ui = readFileSync(join(CLI_DIR, 'mcp-ui.bundle.js'), 'utf8');
    expect(ui).to.contain('startDashboard');
    expect(ui).to.contain('fastify');
    const app = readFileSync(join(CLI_DIR, 'ui-assets/app.js'), 'utf8');
    expect(app.length, 'the client stays small').to.be.below(64 * 1024);
    expect(readFileSync(join(CLI_DIR, 'ui-assets/app.css'), 'utf8')).to.match(/@media ?\(max-width: ?640px\)/);
  });
});
