import { expect } from 'chai';
import { assertServiceFilePath } from '../../../src/domain/files/service-file-path';

describe('assertServiceFilePath', () => {
  it('normalises good relative paths', () => {
    expect(assertServiceFilePath('config.toml')).to.equal('config.toml');
    expect(assertServiceFilePath('./a//b/c.txt')).to.equal('a/b/c.txt');
  });
  for (const bad of ['', '/etc/passwd', '../etc/passwd', 'a/../../b', 'a/..', 'a\0b', '.', './', '..', 'C:\\x', '\\\\server\\x']) {
    it(`rejects ${JSON.stringify(bad)}`, () => expect(() => assertServiceFilePath(bad)).to.throw(/invalid path/).with.property('code', 'INVALID_PATH'));
  }
});
