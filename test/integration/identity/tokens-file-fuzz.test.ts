/*
 * Mutated tokens files through the real TokensFileProvider, from a real 0600
 * file. Each either loads — and then every line it kept has known roles and
 * valid globs, so no mutation can widen a token's reach — or fails with one
 * line, CONFIG_INVALID (exit 2), naming the file and a line that exists.
 * Loading never writes the file. Replay with MCP_FUZZ_SEED=<seed>;
 * MCP_FUZZ_CASES=<n> runs more cases.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokensFileProvider } from '../../../src/adapters/identity/tokens-file/tokens-file-provider';
import { exitCodeFor } from '../../../src/adapters/process/error-edge';
import { DomainError } from '../../../src/domain/errors/domain-error';
import { isRole } from '../../../src/domain/identity/identity';
import { ServiceScope, isValidServiceGlob } from '../../../src/domain/identity/service-scope';
import { Prng } from '../../support/fuzz/prng';

const SEED = Number(process.env['MCP_FUZZ_SEED'] ?? 20261203);
const CASES = Number(process.env['MCP_FUZZ_CASES'] ?? 1500);
const MAX_MESSAGE_EXTRA = 400;

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const BASE = [
  '# tokens of rift',
  `sha256:${sha('t-admin')} kyle admin`,
  `sha256:${sha('t-v1')} ops viewer,admin`,
  '',
  `sha256:${sha('t-ci')} ci deployer metacrypt,web-*`,
  `sha256:${sha('t-dash')} dash viewer db?`,
  `sha256:${sha('t-guest')} guest`,
].join('\n');

const HOSTILE = ['*', '?', ',', ' ', '\t', '\r', '\0', '/', '..', '[a]', 'Admin', 'root', 'admin,', ',admin', '\u00e9', '\u202e', '\u00a0', '#', 'sha256:', '-', '**', '\\*', 'a'.repeat(70), 'x'.repeat(100_000)];

type Mutation = (lines: string[], rng: Prng) => void;
const anyLine = (lines: string[], rng: Prng) => rng.int(lines.length);
const fieldsOf = (line: string) => line.split(' ');

const MUTATIONS: Record<string, Mutation> = {
  'replace a field': (ls, rng) => {
    const i = anyLine(ls, rng);
    const f = fieldsOf(ls[i]!);
    f[rng.int(f.length)] = rng.pick(HOSTILE);
    ls[i] = f.join(' ');
  },
  'splice into a field': (ls, rng) => {
    const i = anyLine(ls, rng);
    const at = rng.int(ls[i]!.length + 1);
    ls[i] = ls[i]!.slice(0, at) + rng.pick(HOSTILE) + ls[i]!.slice(at);
  },
  'add a field': (ls, rng) => void (ls[anyLine(ls, rng)] += ` ${rng.pick(HOSTILE)}`),
  'drop a field': (ls, rng) => {
    const i = anyLine(ls, rng);
    const f = fieldsOf(ls[i]!);
    f.splice(rng.int(f.length), 1);
    ls[i] = f.join(' ');
  },
  'flip a byte': (ls, rng) => {
    const i = anyLine(ls, rng);
    if (ls[i]!.length === 0) return;
    const at = rng.int(ls[i]!.length);
    ls[i] = ls[i]!.slice(0, at) + String.fromCharCode(ls[i]!.charCodeAt(at) ^ (1 << rng.int(8))) + ls[i]!.slice(at + 1);
  },
  'truncate a line': (ls, rng) => {
    const i = anyLine(ls, rng);
    ls[i] = ls[i]!.slice(0, rng.int(ls[i]!.length + 1));
  },
  'duplicate a line': (ls, rng) => void ls.splice(rng.int(ls.length), 0, ls[anyLine(ls, rng)]!),
  'join two lines': (ls, rng) => {
    const i = rng.int(Math.max(1, ls.length - 1));
    ls.splice(i, 2, `${ls[i]} ${ls[i + 1] ?? ''}`);
  },
  'CRLF endings': (ls) => ls.forEach((l, i) => (ls[i] = `${l}\r`)),
  'many lines': (ls, rng) => {
    for (let n = 0; n < 2000; n++) ls.push(`sha256:${sha(`bulk-${rng.int(1e9)}-${n}`)} u${n} ${rng.pick(['viewer', 'deployer', 'admin'])} web-${n}`);
  },
};

describe(`tokens file fuzz: mutated files through the real provider (seed ${SEED}, ${CASES} cases)`, function () {
  this.timeout(180_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'mcp-tokens-fuzz-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads with only known roles and valid globs, or refuses with one line naming the file and an existing line (exit 2)', async () => {
    const file = join(dir, 'tokens');
    const names = Object.keys(MUTATIONS);
    const failures: string[] = [];
    const seen = { loaded: 0, refused: 0 };
    for (let i = 0; i < CASES; i++) {
      const rng = Prng.forCase(SEED, 'tokens', i);
      const lines = BASE.split('\n');
      const applied = Array.from({ length: 1 + rng.int(3) }, () => rng.pick(names));
      applied.forEach((m) => MUTATIONS[m]!(lines, rng));
      const text = lines.join('\n');
      writeFileSync(file, text, { mode: 0o600 });
      chmodSync(file, 0o600);
      const fail = (why: string) => failures.push(`case ${i} [${applied.join(', ')}]: ${why}`);
      try {
        const provider = new TokensFileProvider({ path: file });
        await provider.load();
        seen.loaded++;
        for (const t of await provider.list()) {
          if (!t.roles.every(isRole)) fail(`loaded unknown roles ${JSON.stringify(t.roles)}`);
          if (!t.services.every(isValidServiceGlob)) fail(`loaded invalid globs ${JSON.stringify(t.services).slice(0, 200)}`);
          ServiceScope.of(t.services);
        }
        // A token whose line survived keeps exactly what its line says.
        const ci = await provider.validate('t-ci');
        if (ci && ci.username === 'ci' && JSON.stringify(ci.services) !== JSON.stringify(['metacrypt', 'web-*']) && text.includes(`sha256:${sha('t-ci')} ci deployer metacrypt,web-*\n`)) {
          fail(`ci's scope became ${JSON.stringify(ci.services)}`);
        }
      } catch (e) {
        seen.refused++;
        if (!(e instanceof DomainError)) {
          fail(`threw ${(e as Error)?.constructor?.name}: ${String((e as Error)?.message).slice(0, 200)}`);
          continue;
        }
        const m = e.message;
        const line = /^tokens file (.+?) line (\d+): /.exec(m);
        if (exitCodeFor(e.code) !== 2) fail(`${e.code} (exit ${exitCodeFor(e.code)})`);
        else if (/[\r\n]/.test(m)) fail(`message spans lines: ${JSON.stringify(m.slice(0, 200))}`);
        else if (!line || line[1] !== file) fail(`message does not name the file and a line: ${m.slice(0, 200)}`);
        else if (Number(line[2]) < 1 || Number(line[2]) > lines.length) fail(`line ${line[2]} is not in a file of ${lines.length} lines`);
        else if (m.length > file.length + MAX_MESSAGE_EXTRA) fail(`message is ${m.length} characters`);
      }
      if (readFileSync(file, 'utf8') !== text) fail('loading rewrote the file');
    }
    expect(failures.slice(0, 20), `${failures.length} of ${CASES} broke the contract`).to.deep.equal([]);
    // The mutations must reach both outcomes, or the test proves nothing.
    expect(seen.loaded, 'cases that loaded').to.be.greaterThan(CASES / 20);
    expect(seen.refused, 'cases that were refused').to.be.greaterThan(CASES / 4);
  });
});
