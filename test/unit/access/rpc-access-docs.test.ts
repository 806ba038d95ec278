import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RPC_ACCESS } from '../../../src/application/agent/access/rpc-access.table';
import { repoRoot } from '../../support/repo-root';

describe('docs/CLI.md "Roles and scoped tokens" shows the access table of the code', () => {
  it('has the same rows: RPC, least role, what it names, read or act', () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'CLI.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Roles and scoped tokens'), doc.indexOf('## Exit codes'));
    const rows = [...section.matchAll(/^\| `(\w+)` \| (\w+) \| (\w+) \| (\w+) \|/gm)].map((m) => [m[1], m[2], m[3], m[4]]);
    const code = Object.entries(RPC_ACCESS).map(([method, rule]) => [method, rule.role, rule.target, rule.effect]);
    expect(rows).to.deep.equal(code);
  });
});
