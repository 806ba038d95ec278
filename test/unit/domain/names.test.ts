import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors/domain-error';
import { componentFromContainerName, containerName } from '../../../src/domain/names/container-name';
import { assertValidName, isValidName } from '../../../src/domain/names/name.value';

describe('names', () => {
  const good = ['a', 'metacrypt', 'mc-proxy', '0', 'a1-b2', 'x'.repeat(48)];
  const hostile = ['', '--privileged', '-a', 'a-', '../x', 'a/b', 'a b', 'A', 'Ünïcode', 'é', 'x'.repeat(49), 'a.b', 'a_b', '.', '..', 'a\0b', 'a\nb'];

  for (const name of good) {
    it(`accepts ${JSON.stringify(name.length > 20 ? `${name.length} chars` : name)}`, () => {
      expect(isValidName(name)).to.equal(true);
      expect(assertValidName('service', name)).to.equal(name);
    });
  }

  for (const name of hostile) {
    it(`rejects ${JSON.stringify(name.length > 20 ? `${name.length} chars` : name)} with INVALID_NAME`, () => {
      expect(isValidName(name)).to.equal(false);
      expect(() => assertValidName('component', name, 'svc.toml: components[0].name'))
        .to.throw(DomainError, /svc\.toml: components\[0\]\.name: invalid component name/)
        .with.property('code', 'INVALID_NAME');
    });
  }

  it('rejects non-strings', () => {
    for (const v of [undefined, null, 42, {}, ['a']]) expect(isValidName(v)).to.equal(false);
  });

  describe('container names', () => {
    it('joins service and component', () => expect(containerName('metacrypt', 'api')).to.equal('metacrypt-api'));
    it('uses the service name alone when the component is named like it', () => expect(containerName('mc-proxy', 'mc-proxy')).to.equal('mc-proxy'));
    it('derives the component from a container name', () => {
      expect(componentFromContainerName('metacrypt', 'metacrypt-api')).to.equal('api');
      expect(componentFromContainerName('metacrypt', 'metacrypt-web')).to.equal('web');
      expect(componentFromContainerName('mc-proxy', 'mc-proxy')).to.equal('mc-proxy');
      expect(componentFromContainerName('metacrypt', 'other-api')).to.equal(undefined);
      expect(componentFromContainerName('metacrypt', 'metacrypt-')).to.equal(undefined);
    });
  });
});
