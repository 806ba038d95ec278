#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { commandSlot, runCachedBundle } from './compiled-bundle';

// The launcher (./mcp) keeps NODE_EXTRA_CA_CERTS from Node's own startup; it is put back here, so
// that what the CLI starts ($EDITOR, xdg-open) and its MCIAS client see the variable as it was given.
const extraCa = process.env['MCP_NODE_EXTRA_CA_CERTS'];
if (extraCa !== undefined) {
  process.env['NODE_EXTRA_CA_CERTS'] = extraCa;
  delete process.env['MCP_NODE_EXTRA_CA_CERTS'];
}

// `mcp` is mcp.entry.ts bundled by esbuild into one file (npm run build), run
// with the code V8 compiled for the same command last time: resolving ~300
// modules and compiling them again was most of every command's startup.
const bundle = join(__dirname, 'mcp.bundle.js');
const xdg = process.env['XDG_CACHE_HOME'];
const cacheHome = xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
if (existsSync(bundle)) {
  runCachedBundle(bundle, { root: join(cacheHome, 'mcp', 'compiled'), slot: commandSlot(process.argv.slice(2)) });
} else {
  process.stderr.write(`mcp: ${bundle} is missing: build it with \`npm run build\`\n`);
  process.exitCode = 1;
}
