import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokensFileProvider } from '../../../src/adapters/identity/tokens-file/tokens-file-provider';
import { ErrorCode } from '../../../src/domain/errors/domain-error';
import { rejection } from '../../support/rejection';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');

describe('TokensFileProvider on real files', () => {
  let dir: string;
  let file: string;
  let provider: TokensFileProvider;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-tokens-'));
    file = join(dir, 'etc', 'mcp', 'tokens');
    provider = new TokensFileProvider({ path: file });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeTokens = (text: string, mode = 0o600) => {
    mkdirSync(join(dir, 'etc', 'mcp'), { recursive: true });
    writeFileSync(file, text, { mode });
    chmodSync(file, mode);
  };

  it('issues a token that then validates with its roles', async () => {
    const token = await provider.issue('kyle', ['admin', 'viewer']);
    expect(token).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(await provider.validate(token)).to.deep.equal({ username: 'kyle', roles: ['admin', 'viewer'] });
  });

  it('issues a token limited to services: a fourth field of globs, validated back with its scope', async () => {
    const token = await provider.issue('ci', ['deployer'], ['metacrypt', 'web-*']);
    expect(readFileSync(file, 'utf8')).to.equal(`sha256:${sha(token)} ci deployer metacrypt,web-*\n`);
    expect(await provider.validate(token)).to.deep.equal({ username: 'ci', roles: ['deployer'], services: ['metacrypt', 'web-*'] });
    expect((await rejection(provider.issue('ci', ['deployer'], ['Web/*']))).message).to.match(/--services: invalid service glob "Web\/\*"/);
    expect((await rejection(provider.issue('ci', [], ['web-*']))).message).to.equal('--services needs a --role');
  });

  it('refuses an empty --services list instead of issuing a token for every service; absent still means every service', async () => {
    const err = await rejection(provider.issue('ci', ['viewer'], []));
    expect([err.code, err.message]).to.deep.equal(['INVALID_ARGUMENT', '--services: an empty list names no service: leave it out for a token valid for every service']);
    expect(existsSync(file)).to.equal(false);
    const all = await provider.issue('ci', ['viewer']);
    expect(await provider.validate(all)).to.deep.equal({ username: 'ci', roles: ['viewer'] });
  });

  it('lists user, role, scope and the start of each hash, never a token', async () => {
    const a = await provider.issue('kyle', ['admin']);
    const b = await provider.issue('ci', ['deployer'], ['web-*']);
    const listed = await provider.list();
    expect(listed).to.deep.equal([
      { user: 'kyle', roles: ['admin'], services: [], hashPrefix: sha(a).slice(0, 12) },
      { user: 'ci', roles: ['deployer'], services: ['web-*'], hashPrefix: sha(b).slice(0, 12) },
    ]);
    expect(JSON.stringify(listed)).to.not.include(a).and.not.include(b);
  });

  it('revokes by user or by hash prefix, keeping every other line (comments too) and the mode', async () => {
    writeTokens(`# rift\nsha256:${sha('t1')} kyle admin\n\n# ci\nsha256:${sha('t2')} ci deployer web-*\nsha256:${sha('t3')} ci viewer\nsha256:${sha('t4')} vi viewer\n`);
    expect((await provider.revoke({ user: 'ci' })).map((t) => t.hashPrefix)).to.deep.equal([sha('t2').slice(0, 12), sha('t3').slice(0, 12)]);
    expect(readFileSync(file, 'utf8')).to.equal(`# rift\nsha256:${sha('t1')} kyle admin\n\n# ci\nsha256:${sha('t4')} vi viewer\n`);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    await provider.revoke({ hashPrefix: `sha256:${sha('t4').slice(0, 8).toUpperCase()}` });
    expect(await provider.validate('t4')).to.equal(undefined);
    expect(await provider.validate('t1')).to.have.property('username', 'kyle');
  });

  it('refuses a revoke that matches nothing, a prefix too short or naming several tokens, and a broken file: nothing rewritten', async () => {
    const text = `sha256:${'ab'.repeat(32)} kyle admin\nsha256:${'ab'.repeat(31)}cd ci admin\n`;
    writeTokens(text);
    expect((await rejection(provider.revoke({ user: 'nobody' }))).message).to.equal(`no token of user "nobody" in ${file}`);
    expect((await rejection(provider.revoke({ hashPrefix: 'abab' }))).message).to.match(/give at least 8 hex digits/);
    // The token itself pasted where its hash belongs: refused without printing it.
    const token = 'Zm9vYmFyLXNlY3JldC10b2tlbi1wYXN0ZWQtaGVyZQ';
    expect((await rejection(provider.revoke({ hashPrefix: token }))).message).to.match(/give at least 8 hex digits/).and.not.include(token);
    expect((await rejection(provider.revoke({ hashPrefix: 'abababab' }))).message).to.equal('2 tokens have a hash starting abababab: give more digits');
    writeTokens(`${text}sha256:${sha('t9')} x superuser\n`);
    expect((await rejection(provider.revoke({ user: 'kyle' }))).code).to.equal(ErrorCode.ConfigInvalid);
    expect(readFileSync(file, 'utf8')).to.equal(`${text}sha256:${sha('t9')} x superuser\n`);
  });

  it('moves its generation whenever the file changes, so a cache in front drops its answers', async () => {
    await provider.issue('kyle', ['admin']);
    const g1 = await provider.generation();
    expect(await provider.generation()).to.equal(g1);
    await provider.issue('ci', ['viewer']);
    const g2 = await provider.generation();
    expect(g2).to.not.equal(g1);
    await provider.revoke({ user: 'ci' });
    expect(await provider.generation()).to.not.equal(g2);
  });

  it('creates the file 0600 and its directory 0700', async () => {
    await provider.issue('kyle', ['admin']);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(statSync(join(dir, 'etc', 'mcp')).mode & 0o777).to.equal(0o700);
  });

  it('stores only the hash of the token', async () => {
    const token = await provider.issue('kyle', ['admin']);
    const text = readFileSync(file, 'utf8');
    expect(text).to.not.include(token);
    expect(text).to.equal(`sha256:${sha(token)} kyle admin\n`);
  });

  it('gives a different token each time and keeps earlier ones valid', async () => {
    const a = await provider.issue('kyle', ['admin']);
    const b = await provider.issue('guest', []);
    expect(a).to.not.equal(b);
    expect(await provider.validate(a)).to.deep.equal({ username: 'kyle', roles: ['admin'] });
    expect(await provider.validate(b)).to.deep.equal({ username: 'guest', roles: [] });
  });

  it('answers undefined for an unknown or empty token', async () => {
    await provider.issue('kyle', ['admin']);
    expect(await provider.validate('not-a-token')).to.equal(undefined);
    expect(await provider.validate('')).to.equal(undefined);
  });

  it('accepts comments and blank lines', async () => {
    writeTokens(`# tokens for rift\n\n   \nsha256:${sha('t1')} kyle admin\n  # revoked below\nsha256:${sha('t2').toUpperCase()} ci deployer,viewer\n`);
    await provider.load();
    expect(await provider.validate('t1')).to.deep.equal({ username: 'kyle', roles: ['admin'] });
    expect(await provider.validate('t2')).to.deep.equal({ username: 'ci', roles: ['deployer', 'viewer'] });
  });

  it('sees tokens issued by another process (another provider) without a restart', async () => {
    writeTokens(`sha256:${sha('t1')} kyle admin\n`);
    expect(await provider.validate('t1')).to.have.property('username', 'kyle');
    const token = await new TokensFileProvider({ path: file }).issue('ops', ['admin']);
    expect(await provider.validate(token)).to.deep.equal({ username: 'ops', roles: ['admin'] });
  });

  it('stops accepting a token whose line is removed', async () => {
    writeTokens(`sha256:${sha('t1')} kyle admin\nsha256:${sha('t2')} ci admin\n`);
    expect(await provider.validate('t2')).to.have.property('username', 'ci');
    writeTokens(`sha256:${sha('t1')} kyle admin\n`);
    expect(await provider.validate('t2')).to.equal(undefined);
  });

  it('refuses a file readable by group or other, at load and at validation', async () => {
    writeTokens(`sha256:${sha('t1')} kyle admin\n`, 0o644);
    const err = await rejection(provider.load());
    expect(err.code).to.equal(ErrorCode.ConfigInvalid);
    expect(err.message).to.equal(`tokens file ${file} is readable or writable by group/other (mode 0644): run chmod 600 ${file}`);
    expect((await rejection(provider.validate('t1'))).code).to.equal(ErrorCode.ConfigInvalid);
    chmodSync(file, 0o640);
    expect((await rejection(provider.validate('t1'))).message).to.match(/mode 0640/);
  });

  it('refuses a file that becomes group-readable on a running agent', async () => {
    writeTokens(`sha256:${sha('t1')} kyle admin\n`);
    expect(await provider.validate('t1')).to.have.property('username', 'kyle');
    chmodSync(file, 0o660);
    expect((await rejection(provider.validate('t1'))).code).to.equal(ErrorCode.ConfigInvalid);
  });

  it('refuses to issue into a group-readable file', async () => {
    writeTokens(`sha256:${sha('t1')} kyle admin\n`, 0o644);
    expect((await rejection(provider.issue('kyle', ['admin']))).code).to.equal(ErrorCode.ConfigInvalid);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).to.have.length(1);
  });

  it('names the file and line of a malformed line', async () => {
    writeTokens(`# ok\nsha256:${sha('t1')} kyle admin\n${'ab'.repeat(32)} kyle admin\n`);
    const err = await rejection(provider.load());
    expect(err.code).to.equal(ErrorCode.ConfigInvalid);
    expect(err.message).to.match(new RegExp(`^tokens file ${file} line 3: the first field must be sha256:`));
  });

  it('rejects bad roles, bad globs and extra fields, naming the file and the line', async () => {
    writeTokens(`sha256:${sha('t1')} kyle Admin\n`);
    expect((await rejection(provider.load())).message).to.equal(`tokens file ${file} line 1: invalid role "Admin": roles are viewer, deployer, admin (separated by commas)`);
    writeTokens(`\nsha256:${sha('t1')} kyle ops\n`);
    expect((await rejection(provider.load())).message).to.match(/line 2: invalid role "ops"/);
    writeTokens(`\n\nsha256:${sha('t1')} ci deployer web-*,../etc\n`);
    expect((await rejection(provider.load())).message).to.equal(`tokens file ${file} line 3: invalid service glob "../etc": globs are 1-64 of a-z 0-9 - * ? separated by commas`);
    writeTokens(`sha256:${sha('t1')} ci deployer web-*,\n`);
    expect((await rejection(provider.load())).message).to.match(/line 1: invalid service glob ""/);
    writeTokens(`\nsha256:${sha('t1')} kyle admin web-* extra\n`);
    expect((await rejection(provider.load())).message).to.match(/line 2: expected .*found 5 field/);
  });

  it('reads v1 lines unchanged: no role, one role, several roles', async () => {
    writeTokens(`sha256:${sha('t1')} kyle admin\nsha256:${sha('t2')} guest\nsha256:${sha('t3')} ops viewer,admin\n`);
    expect(await provider.validate('t1')).to.deep.equal({ username: 'kyle', roles: ['admin'] });
    expect(await provider.validate('t2')).to.deep.equal({ username: 'guest', roles: [] });
    expect(await provider.validate('t3')).to.deep.equal({ username: 'ops', roles: ['viewer', 'admin'] });
  });

  it('reports a missing file clearly', async () => {
    const err = await rejection(provider.validate('t1'));
    expect(err.code).to.equal(ErrorCode.ConfigInvalid);
    expect(err.message).to.match(/does not exist: make a token with `mcp-agent token issue/);
  });

  it('appends on a new line when the file lacks a final newline', async () => {
    writeTokens(`sha256:${sha('t1')} kyle admin`);
    const token = await provider.issue('ci', ['admin']);
    expect(await provider.validate('t1')).to.have.property('username', 'kyle');
    expect(await provider.validate(token)).to.have.property('username', 'ci');
  });

  it('validates username and roles when issuing', async () => {
    expect((await rejection(provider.issue('', ['admin']))).code).to.equal(ErrorCode.InvalidArgument);
    expect((await rejection(provider.issue('two words', ['admin']))).message).to.match(/invalid username "two words"/);
    expect((await rejection(provider.issue('kyle', ['admin,root']))).message).to.match(/invalid role "admin,root": use viewer, deployer or admin/);
    expect((await rejection(provider.issue('kyle', ['ops']))).code).to.equal(ErrorCode.InvalidArgument);
    expect((await rejection(provider.issue('kyle', ['ADMIN']))).code).to.equal(ErrorCode.InvalidArgument);
  });

  it('does not mistake a line appended by hand for the cached content', async () => {
    writeTokens(`sha256:${sha('t1')} kyle admin\n`);
    expect(await provider.validate('t2')).to.equal(undefined);
    appendFileSync(file, `sha256:${sha('t2')} ci admin\n`);
    expect(await provider.validate('t2')).to.have.property('username', 'ci');
  });
});
