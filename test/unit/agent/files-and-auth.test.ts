import { expect } from 'chai';
import { PullFileUseCase } from '../../../src/application/agent/pull-file.use-case';
import { PushFileUseCase } from '../../../src/application/agent/push-file.use-case';
import { MemoryFileStore } from '../../fakes/memory-file-store';

function makeSut() {
  const files = new MemoryFileStore();
  return { files, push: new PushFileUseCase(files, { maxFileSize: 10 }), pull: new PullFileUseCase(files) };
}

describe('file transfer use cases', () => {
  it('pushes with the given mode (or 0644) and pulls it back', async () => {
    const sut = makeSut();
    const out = await sut.push.execute({ service: 'metacrypt', path: './conf/a.toml', content: Buffer.from('x=1'), mode: 0o100600 });
    expect(out).to.deep.equal({ path: '/srv/metacrypt/conf/a.toml', size: 3 });
    expect(await sut.pull.execute({ service: 'metacrypt', path: 'conf/a.toml' })).to.deep.include({ mode: 0o600 });
    await sut.push.execute({ service: 'metacrypt', path: 'b', content: Buffer.from('') });
    expect((await sut.pull.execute({ service: 'metacrypt', path: 'b' })).mode).to.equal(0o644);
  });

  it('rejects hostile paths and names, and oversize content, before touching the store', async () => {
    const sut = makeSut();
    const code = (p: Promise<unknown>) => p.then(() => 'ok', (e) => e.code);
    expect(await code(sut.push.execute({ service: 'metacrypt', path: '../etc/passwd', content: Buffer.from('') }))).to.equal('INVALID_PATH');
    expect(await code(sut.push.execute({ service: 'metacrypt', path: '/etc/passwd', content: Buffer.from('') }))).to.equal('INVALID_PATH');
    expect(await code(sut.push.execute({ service: '../x', path: 'a', content: Buffer.from('') }))).to.equal('INVALID_NAME');
    expect(await code(sut.push.execute({ service: 'metacrypt', path: 'a', content: Buffer.alloc(11) }))).to.equal('FILE_TOO_LARGE');
    expect(await code(sut.pull.execute({ service: 'metacrypt', path: 'a\0b' }))).to.equal('INVALID_PATH');
    expect(sut.files.files.size).to.equal(0);
  });
});
