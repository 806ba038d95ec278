import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { FsLocalFiles } from '../../../src/adapters/cli/local/fs-local-files.adapter';
import { ReadlineTerminal } from '../../../src/adapters/cli/terminal/readline-terminal.adapter';
import { SpawnEditor } from '../../../src/adapters/cli/terminal/spawn-editor.adapter';
import { TtyDeployProgress } from '../../../src/adapters/cli/terminal/tty-deploy-progress.adapter';
import type { DomainError } from '../../../src/domain/errors/domain-error';

describe('CLI local adapters (real files, real processes)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-cli-adapters-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('FsLocalFiles reads content and mode, writes them back atomically', async () => {
    const files = new FsLocalFiles();
    writeFileSync(join(dir, 'a.env'), 'A=1\n', { mode: 0o640 });
    const f = await files.read(join(dir, 'a.env'));
    expect(Buffer.from(f.content).toString()).to.equal('A=1\n');
    expect(f.mode).to.equal(0o640);
    await files.write(join(dir, 'b.env'), { content: Buffer.from('B=2\n'), mode: 0o600 });
    expect(readFileSync(join(dir, 'b.env'), 'utf8')).to.equal('B=2\n');
    expect(statSync(join(dir, 'b.env')).mode & 0o777).to.equal(0o600);
    await files.write(join(dir, 'b.env'), { content: Buffer.from('B=3\n'), mode: 0o644 });
    expect(readFileSync(join(dir, 'b.env'), 'utf8')).to.equal('B=3\n');
  });

  it('FsLocalFiles names the file it cannot read, and refuses oversize files', async () => {
    const e = await new FsLocalFiles().read(join(dir, 'missing')).catch((x: DomainError) => x);
    expect(e).to.include({ code: 'FILE_NOT_FOUND' });
    expect((e as DomainError).message).to.contain(join(dir, 'missing'));
    writeFileSync(join(dir, 'big'), Buffer.alloc(11));
    const big = await new FsLocalFiles(10).read(join(dir, 'big')).catch((x: DomainError) => x);
    expect(big).to.include({ code: 'FILE_TOO_LARGE' });
    const notFile = await new FsLocalFiles().read(dir).catch((x: DomainError) => x);
    expect(notFile).to.include({ code: 'INVALID_PATH' });
  });

  it('SpawnEditor runs $EDITOR (split into argv) on the file and reports a failing editor', async () => {
    const target = join(dir, 'svc.toml');
    writeFileSync(target, '');
    const script = join(dir, 'ed.sh');
    writeFileSync(script, '#!/bin/sh\necho "edited by $1" > "$2"\n', { mode: 0o755 });
    await new SpawnEditor({ EDITOR: `${script} marker` }).edit(target);
    expect(readFileSync(target, 'utf8')).to.equal('edited by marker\n');
    const e = await new SpawnEditor({ EDITOR: 'false' }).edit(target).catch((x: DomainError) => x);
    expect((e as DomainError).message).to.contain('the editor false exited with 1');
  });

  it('TtyDeployProgress rewrites one line per component in place on a TTY', () => {
    let out = '';
    const tty = { write: (s: string) => void (out += s), isTTY: true };
    const p = new TtyDeployProgress(tty, true);
    p.started('rift', 'metacrypt', ['api', 'web']);
    expect(out).to.equal('\r\x1b[2Kmetacrypt/api on rift: waiting to start\n\r\x1b[2Kmetacrypt/web on rift: waiting to start\n');
    out = '';
    p.step('rift', 'metacrypt', { component: 'api', step: 'healthy', elapsedMs: 4100 });
    expect(out).to.equal('\x1b[2A\r\x1b[2Kmetacrypt/api on rift: healthy in 4.1s\n\r\x1b[2Kmetacrypt/web on rift: waiting to start\n');
    p.finished();
  });

  it('TtyDeployProgress writes one line per step elsewhere, and nothing when disabled (--json)', () => {
    let out = '';
    const pipe = { write: (s: string) => void (out += s), isTTY: false };
    const p = new TtyDeployProgress(pipe, true);
    p.started('rift', 'metacrypt', ['api']);
    p.step('rift', 'metacrypt', { component: 'api', step: 'pulling', message: 'reg/api:v2' });
    p.step('rift', 'metacrypt', { component: 'api', step: 'failed', message: 'api exited 1.0s after it started', elapsedMs: 1000 });
    p.step('rift', 'metacrypt', { component: 'api', step: 'restored' });
    expect(out.trimEnd().split('\n')).to.deep.equal([
      'metacrypt/api on rift: pulling reg/api:v2',
      'metacrypt/api on rift: FAILED after 1.0s: api exited 1.0s after it started',
      'metacrypt/api on rift: restored',
    ]);
    out = '';
    const off = new TtyDeployProgress({ ...pipe, isTTY: true }, false);
    off.started('rift', 'metacrypt', ['api']);
    off.step('rift', 'metacrypt', { component: 'api', step: 'restored' });
    expect(out).to.equal('');
  });

  it('ReadlineTerminal: a hidden prompt shows the question, never the answer; stdin is read whole', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (c: Buffer) => (shown += c.toString()));
    const terminal = new ReadlineTerminal(input as unknown as NodeJS.ReadStream, output as unknown as NodeJS.WriteStream);
    expect(terminal.interactive).to.equal(false);
    const answer = terminal.promptHidden('Password: ');
    input.write('s3cret\n');
    expect(await answer).to.equal('s3cret');
    expect(shown).to.equal('Password: \n');
    // As a terminal: readline echoes each key itself; the adapter must swallow that echo.
    const ttyIn = Object.assign(new PassThrough(), { isTTY: true });
    let ttyShown = '';
    const ttyOut = new PassThrough();
    ttyOut.on('data', (c: Buffer) => (ttyShown += c.toString()));
    const tty = new ReadlineTerminal(ttyIn as unknown as NodeJS.ReadStream, ttyOut as unknown as NodeJS.WriteStream);
    expect(tty.interactive).to.equal(true);
    const typed = tty.promptHidden('Password for kyle: ');
    ttyIn.write('hunter2\r');
    expect(await typed).to.equal('hunter2');
    expect(ttyShown).to.contain('Password for kyle: ');
    expect(ttyShown).not.to.contain('hunter2');
    expect(ttyShown).not.to.contain('*');
    const stdin = new PassThrough();
    const all = new ReadlineTerminal(stdin as unknown as NodeJS.ReadStream, output as unknown as NodeJS.WriteStream).readStdin();
    stdin.end('tok-1\n');
    expect(await all).to.equal('tok-1\n');
  });
});
