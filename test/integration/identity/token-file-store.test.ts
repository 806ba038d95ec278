import { expect } from 'chai';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadToken, saveToken } from '../../../src/adapters/identity/token-store/token-file-store';
import { ErrorCode } from '../../../src/domain/errors/domain-error';
import { rejection } from '../../support/rejection';

describe('token file store on real files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-token-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const mode = (p: string) => statSync(p).mode & 0o777;

  it('saves the token 0600 in a new 0700 directory and loads it back', async () => {
    const path = join(dir, 'config', 'mcp', 'token');
    await saveToken(path, 'tok-abc_123');
    expect(mode(path)).to.equal(0o600);
    expect(mode(join(dir, 'config', 'mcp'))).to.equal(0o700);
    expect(readFileSync(path, 'utf8')).to.equal('tok-abc_123\n');
    expect(await loadToken(path)).to.equal('tok-abc_123');
  });

  it('replaces a token and tightens a file that was too open', async () => {
    const path = join(dir, 'token');
    writeFileSync(path, 'old-token\n');
    chmodSync(path, 0o644);
    await saveToken(path, 'new-token');
    expect(mode(path)).to.equal(0o600);
    expect(await loadToken(path)).to.equal('new-token');
    expect(readdirSync(dir)).to.deep.equal(['token']);
  });

  it('is 0600 even under a permissive umask', async () => {
    const previous = process.umask(0o000);
    try {
      const path = join(dir, 'token');
      await saveToken(path, 'tok');
      expect(mode(path)).to.equal(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('trims what it loads', async () => {
    const path = join(dir, 'token');
    writeFileSync(path, '  tok-xyz \n\n', { mode: 0o600 });
    expect(await loadToken(path)).to.equal('tok-xyz');
  });

  it('says to run mcp login when there is no token', async () => {
    const path = join(dir, 'missing', 'token');
    const err = await rejection(loadToken(path));
    expect(err.code).to.equal(ErrorCode.Unauthenticated);
    expect(err.message).to.equal(`no token at ${path}: run \`mcp login\``);
  });

  it('treats an empty file as no token', async () => {
    const path = join(dir, 'token');
    writeFileSync(path, '\n', { mode: 0o600 });
    const err = await rejection(loadToken(path));
    expect(err.code).to.equal(ErrorCode.Unauthenticated);
    expect(err.message).to.match(/run `mcp login`/);
  });

  it('refuses to save an empty or multi-line token, leaving the old one', async () => {
    const path = join(dir, 'token');
    await saveToken(path, 'good');
    expect((await rejection(saveToken(path, '   '))).code).to.equal(ErrorCode.InvalidArgument);
    expect((await rejection(saveToken(path, 'a\nb'))).code).to.equal(ErrorCode.InvalidArgument);
    expect(await loadToken(path)).to.equal('good');
  });

  it('leaves no temp file behind when the rename fails', async () => {
    const path = join(dir, 'token');
    mkdirSync(path); // a directory where the token should go: rename must fail
    writeFileSync(join(path, 'keep'), 'x');
    const err = await rejection(saveToken(path, 'tok'));
    expect(err.code).to.equal(ErrorCode.ConfigInvalid);
    expect(err.message).to.match(new RegExp(`cannot save the token to ${path}`));
    expect(readdirSync(dir)).to.deep.equal(['token']);
  });
});
