/*
 * Thousands of mutated copies of valid files (byte flips, truncation, deep
 * nesting, huge strings, NUL, duplicate keys, wrong types…) through the real
 * loaders, from real files. Each one either loads or fails with the
 * project's one-line DomainError naming the file, exit 2: never a stack
 * overflow, a TypeError or a multi-line message. Replay a failure with
 * MCP_FUZZ_SEED=<seed>; MCP_FUZZ_CASES=<n> runs more cases per file kind.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeFor } from '../../../src/adapters/process/error-edge';
import { loadAgentConfig } from '../../../src/adapters/config/toml/agent-config.loader';
import { loadCliConfig } from '../../../src/adapters/config/toml/cli-config.loader';
import { loadServiceDefinition } from '../../../src/adapters/definitions/toml/service-definition.loader';
import { DomainError } from '../../../src/domain/errors/domain-error';
import { Prng } from '../../support/fuzz/prng';
import { MUTATIONS, mutate } from '../../support/fuzz/toml-mutations';
import { repoRoot } from '../../support/repo-root';

const SEED = Number(process.env['MCP_FUZZ_SEED'] ?? 20261127);
const CASES = Number(process.env['MCP_FUZZ_CASES'] ?? 1000);
const examples = join(repoRoot, 'deploy', 'examples');
const env = { HOME: '/home/kyle' };
/** Room for the file name plus a reasonable explanation; a message echoing a megabyte is a failure too. */
const MAX_MESSAGE_EXTRA = 400;

interface Target {
  readonly kind: string;
  readonly base: string;
  readonly fileName: string;
  readonly load: (path: string) => unknown;
}

const TARGETS: readonly Target[] = [
  { kind: 'service definition', base: join(examples, 'services', 'hello.toml'), fileName: 'hello.toml', load: (p) => loadServiceDefinition(p) },
  { kind: 'CLI config (mcp.toml)', base: join(examples, 'mcp.toml'), fileName: 'mcp.toml', load: (p) => loadCliConfig(p, env) },
  { kind: 'agent config (mcp-agent.toml)', base: join(examples, 'mcp-agent.toml'), fileName: 'mcp-agent.toml', load: (p) => loadAgentConfig(p, env) },
];

/** What loading did: it loaded, or it failed within the contract, or `breach` says how it broke it. */
function outcome(load: () => unknown, path: string): { loaded: boolean; breach?: string } {
  try {
    load();
    return { loaded: true };
  } catch (e) {
    if (!(e instanceof DomainError)) return { loaded: false, breach: `threw ${(e as Error)?.constructor?.name}: ${String((e as Error)?.message).slice(0, 200)}` };
    const m = e.message;
    const breach =
      exitCodeFor(e.code) !== 2 ? `${e.code} (exit ${exitCodeFor(e.code)}): ${m.slice(0, 200)}`
      : /[\r\n]/.test(m) ? `message spans lines: ${JSON.stringify(m.slice(0, 200))}`
      : !m.startsWith(`${path}: `) ? `message does not start with the file: ${m.slice(0, 200)}`
      : m.length > path.length + MAX_MESSAGE_EXTRA ? `message is ${m.length} characters: ${m.slice(0, 200)}...`
      : undefined;
    return breach === undefined ? { loaded: false } : { loaded: false, breach };
  }
}

describe(`input fuzz: mutated files through the real loaders (seed ${SEED}, ${CASES} per kind)`, function () {
  this.timeout(120000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'mcp-fuzz-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const target of TARGETS) {
    it(`${target.kind}: loads, or one line naming the file with exit 2`, () => {
      const base = readFileSync(target.base);
      const path = join(dir, target.fileName);
      writeFileSync(path, base);
      expect(outcome(() => target.load(path), path), 'the unmutated file').to.deep.equal({ loaded: true });

      const failures: string[] = [];
      const tried = new Map<string, number>();
      let loaded = 0;
      for (let i = 0; i < CASES; i++) {
        const { bytes, applied } = mutate(base, Prng.forCase(SEED, target.fileName, i));
        applied.forEach((m) => tried.set(m, (tried.get(m) ?? 0) + 1));
        writeFileSync(path, bytes);
        const o = outcome(() => target.load(path), path);
        if (o.loaded) loaded++;
        if (o.breach !== undefined) failures.push(`case ${i} [${applied.join(' + ')}]: ${o.breach}`);
      }
      expect(failures.slice(0, 10), `${failures.length} of ${CASES} cases broke the contract (MCP_FUZZ_SEED=${SEED})`).to.deep.equal([]);
      // The generator must have exercised every mutation, and not everything may fail.
      expect([...tried.keys()].sort()).to.deep.equal(Object.keys(MUTATIONS).sort());
      expect(loaded, 'mutated files that still load').to.be.greaterThan(0);
    });
  }

  it('the real mcp binary on a 5,000-deep array: one line naming the file, exit 2', () => {
    const path = join(dir, 'deep.toml');
    const config = join(dir, 'cli.toml');
    writeFileSync(config, '[[nodes]]\nname = "rift"\naddress = "127.0.0.1:1"\n');
    writeFileSync(path, `name = "deep"\nnode = "rift"\n\n[[components]]\nname = "app"\nimage = "img:v1"\ncmd = ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    const r = spawnSync(process.execPath, [join(repoRoot, 'dist/src/bootstrap/cli/main.js'), '--config', config, 'deploy', 'deep', '-f', path], { encoding: 'utf8', timeout: 20000 });
    expect(r.status, r.stderr).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.equal(`mcp: ${path}: components[0].cmd: arrays or tables nested more than 16 levels deep\n`);
  });
});
