#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { commandSlot, runCachedBundle } from './compiled-bundle';

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
