import { expect } from 'chai';
import { editServiceDefinition } from '../../../src/adapters/definitions/toml/service-definition.edit';
import { parseServiceDefinition } from '../../../src/adapters/definitions/toml/service-definition.loader';
import { renderServiceDefinition } from '../../../src/adapters/definitions/toml/service-definition.render';
import { specFromWire, specToWire } from '../../../src/adapters/grpc/mapping/spec.mapping';
import { type ComponentInput, type ServiceInput, createServiceSpec, sameComponentSpec, secretNamesOf } from '../../../src/domain/service/service-spec';

const spec = (c: Partial<ComponentInput>) => createServiceSpec({ name: 'metacrypt', node: 'rift', components: [{ name: 'api', image: 'reg/m:v1', ...c }] }, 'metacrypt.toml');
const rejects = (c: Partial<ComponentInput>, pattern: RegExp, code = 'INVALID_SPEC') =>
  expect(() => spec(c)).to.throw(pattern).with.property('code', code);

describe('secret references in a component spec', () => {
  it('keeps env and file references, and leaves both out when there are none', () => {
    const c = spec({ secrets: { DB_PASSWORD: 'db-password' }, secretFiles: { '/run/secrets/tls.key': 'tls-key' } }).components[0]!;
    expect(c.secrets).to.deep.equal({ DB_PASSWORD: 'db-password' });
    expect(c.secretFiles).to.deep.equal({ '/run/secrets/tls.key': 'tls-key' });
    expect(secretNamesOf(c)).to.deep.equal(['db-password', 'tls-key']);
    const none = spec({}).components[0]!;
    expect(none).to.not.have.property('secrets');
    expect(none).to.not.have.property('secretFiles');
    expect(secretNamesOf(none)).to.deep.equal([]);
  });

  it('rejects a secret name that is not a name, naming the key', () =>
    rejects({ secrets: { DB: 'Bad_Name' } }, /metacrypt\.toml: components\[0\]\.secrets\.DB: invalid secret name "Bad_Name"/, 'INVALID_NAME'));
  it('rejects a bad env name', () => rejects({ secrets: { 'A-B': 'x' } }, /components\[0\]\.secrets: invalid variable name "A-B"/));
  it('rejects an env name in both env and secrets, naming both', () =>
    rejects({ env: { DB_PASSWORD: 'x' }, secrets: { DB_PASSWORD: 'db' } }, /secrets\.DB_PASSWORD: DB_PASSWORD is set in both env and secrets/));
  it('takes an env name that only Object.prototype has (toString) as not set in env', () => {
    expect(spec({ secrets: { toString: 'db' } }).components[0]!.secrets).to.deep.equal({ toString: 'db' });
  });
  for (const bad of ['run/x', '/', '/a//b', '/a/./b', '/a/../b', '/a/', '/a b', '/a,b']) {
    it(`rejects the file path ${JSON.stringify(bad)}`, () => rejects({ secretFiles: { [bad]: 'tls' } }, /secret_files: invalid path .*absolute and normalised/));
  }
  it('rejects a file secret name that is not a name', () => rejects({ secretFiles: { '/x': '../etc' } }, /secret_files\."\/x": invalid secret name/, 'INVALID_NAME'));

  it('tells components apart by their references', () => {
    const a = spec({ secrets: { A: 'one' } }).components[0]!;
    expect(sameComponentSpec(a, spec({ secrets: { A: 'one' } }).components[0]!)).to.equal(true);
    expect(sameComponentSpec(a, spec({ secrets: { A: 'two' } }).components[0]!)).to.equal(false);
    expect(sameComponentSpec(a, spec({ secretFiles: { '/a': 'one' } }).components[0]!)).to.equal(false);
  });

  it('travels over the wire unchanged', () => {
    const s = spec({ secrets: { A: 'one' }, secretFiles: { '/run/s/b': 'two' } });
    expect(specFromWire(specToWire(s), 'request')).to.deep.equal(s);
    expect(specFromWire(specToWire(spec({})), 'request')).to.deep.equal(spec({}));
  });
  it('passes the same gate over the wire', () => {
    const wire = specToWire(spec({ secretFiles: { '/a': 'one' } }));
    wire.components[0]!.secretFiles = { 'relative/path': 'one' };
    expect(() => specFromWire(wire, 'request')).to.throw(/request: components\[0\]\.secret_files: invalid path/);
  });
});

const FILE = `name = "metacrypt"
node = "rift"

[[components]]
name = "api"   # the API
image = "reg/m:v1"
secrets = { DB_PASSWORD = "db-password" }   # rotated monthly
secret_files = { "/run/secrets/tls.key" = "tls-key" }
`;

describe('secret references in a definition file', () => {
  const parsed = () => parseServiceDefinition(FILE, '/x/metacrypt.toml');

  it('reads secrets and secret_files', () => {
    const c = parsed().components[0]!;
    expect(c.secrets).to.deep.equal({ DB_PASSWORD: 'db-password' });
    expect(c.secretFiles).to.deep.equal({ '/run/secrets/tls.key': 'tls-key' });
  });
  it('says which field is not a table of strings', () =>
    expect(() => parseServiceDefinition(`${FILE}\n[[components]]\nname = "web"\nimage = "a"\nsecrets = ["x"]\n`, 'f.toml')).to.throw(/components\[1\]\.secrets/));
  it('renders a file that reads back as the same spec', () => {
    const text = renderServiceDefinition(parsed());
    expect(text).to.contain('secrets = { DB_PASSWORD = "db-password" }').and.contain('secret_files = { "/run/secrets/tls.key" = "tls-key" }');
    expect(parseServiceDefinition(text, 'f')).to.deep.equal(parsed());
  });
  it('edits a changed reference in place, keeping the comments', () => {
    const current = parsed();
    const next = { ...current, components: [{ ...current.components[0]!, secrets: { DB_PASSWORD: 'db-password-v2' } }] };
    const text = editServiceDefinition(FILE, current, next);
    expect(text).to.equal(FILE.replace('"db-password" }', '"db-password-v2" }'));
  });
  it('removes secret_files when the spec has none and adds them back', () => {
    const current = parsed();
    const { secretFiles: _dropped, ...withoutFiles } = current.components[0]!;
    const text = editServiceDefinition(FILE, current, { ...current, components: [withoutFiles] });
    expect(text).to.equal(FILE.replace('secret_files = { "/run/secrets/tls.key" = "tls-key" }\n', ''));
    const input: ServiceInput = { ...current, components: [{ ...withoutFiles, secretFiles: { '/k': 'tls-key' } }] };
    const back = editServiceDefinition(text, parseServiceDefinition(text, 'f'), createServiceSpec(input, 'x'));
    expect(back).to.contain('secret_files = { "/k" = "tls-key" }').and.contain('# rotated monthly');
  });
});
