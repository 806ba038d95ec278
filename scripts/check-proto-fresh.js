#!/usr/bin/env node
// Fails when the committed generated code differs from what `buf generate` makes now.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const committed = path.join(root, 'src/adapters/grpc/generated');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-proto-'));
try {
  const template = fs.readFileSync(path.join(root, 'buf.gen.yaml'), 'utf8').replace('out: src/adapters/grpc/generated', `out: ${tmp}`);
  const templatePath = path.join(tmp, 'buf.gen.yaml');
  fs.writeFileSync(templatePath, template);
  execFileSync(path.join(root, 'node_modules/.bin/buf'), ['generate', '--template', templatePath], { cwd: root, stdio: 'inherit' });
  fs.unlinkSync(templatePath);
  const list = (dir) => fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
  const a = list(tmp);
  const b = list(committed);
  const stale = a.filter((f) => !b.includes(f) || !fs.readFileSync(path.join(tmp, f)).equals(fs.readFileSync(path.join(committed, f))));
  const extra = b.filter((f) => !a.includes(f));
  if (stale.length || extra.length) {
    console.error(`generated proto code is stale: ${[...stale, ...extra].join(', ')} — run "npm run proto" and commit`);
    process.exit(1);
  }
  console.log('generated proto code is up to date');
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
