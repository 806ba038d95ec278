#!/usr/bin/env node
// Prints, one per line and relative to <source>, the directory of every
// package the program needs at run time: the closure of "dependencies" and
// "optionalDependencies" (and of "peerDependencies" that are installed) of
// <source>/package.json, resolved the way Node resolves them (nearest
// node_modules first). install-agent.sh copies exactly these, so a node gets
// no dev tooling and the installer needs no npm.
//   node list-prod-deps.js <source>
'use strict';
/* global require, process */ // a CommonJS script run by node, linted with the repo's TS rules
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require('node:fs');
const path = require('node:path');

const source = path.resolve(process.argv[2] || '.');
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

function resolveFrom(dir, name) {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (d === source || path.dirname(d) === d) return undefined;
  }
}

const found = new Set();
const missing = [];
function visit(dir) {
  const pkg = readJson(path.join(dir, 'package.json'));
  const needed = { ...pkg.dependencies, ...pkg.optionalDependencies };
  const optional = new Set([...Object.keys(pkg.optionalDependencies || {}), ...Object.keys(pkg.peerDependencies || {})]);
  for (const name of [...Object.keys(needed), ...Object.keys(pkg.peerDependencies || {})]) {
    const at = resolveFrom(dir, name);
    if (at === undefined) {
      if (!optional.has(name)) missing.push(`${name} (needed by ${path.relative(source, dir) || 'the program'})`);
      continue;
    }
    if (found.has(at)) continue;
    found.add(at);
    visit(at);
  }
}

visit(source);
if (missing.length > 0) {
  process.stderr.write(`list-prod-deps: not installed in ${source}/node_modules: ${missing.join(', ')}; run npm ci there\n`);
  process.exit(1);
}
process.stdout.write([...found].map((d) => path.relative(source, d)).sort().join('\n') + (found.size ? '\n' : ''));
