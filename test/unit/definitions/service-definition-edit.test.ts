import { expect } from 'chai';
import { editServiceDefinition } from '../../../src/adapters/definitions/toml/service-definition.edit';
import { parseServiceDefinition } from '../../../src/adapters/definitions/toml/service-definition.loader';
import { renderServiceDefinition } from '../../../src/adapters/definitions/toml/service-definition.render';
import { type ComponentSpec, type ServiceSpec, createServiceSpec } from '../../../src/domain/service/service-spec';

const COMMENTED = `# metacrypt: secrets service, owned by kyle
name   = "metacrypt"   # do not rename
node   = "rift"

# --- the API ---
[[components]]
name    = 'api'                       # literal string, keep the quotes
image   = "registry.example/metacrypt:v1.2.0"
ports   = [
  "127.0.0.1:8443:8443",   # TLS
]
env     = { LOG_LEVEL = "info" }

# --- the web UI ---
[[components]]
name  = "web"
image = "registry.example/metacrypt-web:v1.2.0"   # bump with api
pull  = "missing"
`;

const FILE = '/x/metacrypt.toml';
const current = () => parseServiceDefinition(COMMENTED, FILE);
const withComponent = (spec: ServiceSpec, name: string, change: Partial<ComponentSpec>): ServiceSpec => ({
  ...spec,
  components: spec.components.map((c) => (c.name === name ? { ...c, ...change } : c)),
});
const edit = (next: ServiceSpec) => {
  const text = editServiceDefinition(COMMENTED, current(), next);
  expect(parseServiceDefinition(text, FILE)).to.deep.equal(next);
  return text;
};

describe('editServiceDefinition', () => {
  it('flips active by inserting one line after the last top-level key', () => {
    const text = edit({ ...current(), active: false });
    expect(text).to.equal(COMMENTED.replace('node   = "rift"\n', 'node   = "rift"\nactive = false\n'));
  });

  it('flips an existing active value in place, keeping its comment', () => {
    const original = COMMENTED.replace('node   = "rift"\n', 'node   = "rift"\nactive = true   # stop with mcp stop\n');
    const spec = parseServiceDefinition(original, FILE);
    const text = editServiceDefinition(original, spec, { ...spec, active: false });
    expect(text).to.equal(original.replace('active = true', 'active = false'));
  });

  it('changes only the image line of the edited component', () => {
    const text = edit(withComponent(current(), 'web', { image: 'registry.example/metacrypt-web:v1.3.0' }));
    expect(text).to.equal(COMMENTED.replace('metacrypt-web:v1.2.0"   # bump', 'metacrypt-web:v1.3.0"   # bump'));
  });

  it('replaces a multi-line array as one line, keeping the lines around it', () => {
    const text = edit(withComponent(current(), 'api', { ports: ['127.0.0.1:9443:8443'] }));
    expect(text).to.equal(COMMENTED.replace('ports   = [\n  "127.0.0.1:8443:8443",   # TLS\n]\n', 'ports   = ["127.0.0.1:9443:8443"]\n'));
  });

  it('adds a missing key after the last key of the block', () => {
    const text = edit(withComponent(current(), 'web', { network: 'mcpnet' }));
    expect(text).to.equal(COMMENTED.replace('pull  = "missing"\n', 'pull  = "missing"\nnetwork = "mcpnet"\n'));
  });

  it('removes a key that no longer has a value, and keeps a default it can write in place', () => {
    const start = COMMENTED.replace('pull  = "missing"\n', 'pull  = "missing"\nuser = "0:0"\n');
    const spec = parseServiceDefinition(start, FILE);
    const next = withComponent(spec, 'web', { user: undefined, pull: 'always' });
    delete (next.components[1] as { user?: string }).user;
    const text = editServiceDefinition(start, spec, next);
    expect(text).to.equal(COMMENTED.replace('pull  = "missing"', 'pull  = "always"'));
  });

  it('deletes a removed component with the comments directly above it', () => {
    const text = edit({ ...current(), components: current().components.filter((c) => c.name === 'api') });
    expect(text).to.equal(COMMENTED.slice(0, COMMENTED.indexOf('# --- the web UI ---')).replace(/\n\n$/, '\n'));
  });

  it('appends an added component after a blank line', () => {
    const worker = createServiceSpec({ name: 'metacrypt', node: 'rift', components: [{ name: 'worker', image: 'reg/w:v1', cmd: ['work'] }] }, 'x').components[0]!;
    const text = edit({ ...current(), components: [...current().components, worker] });
    expect(text).to.equal(`${COMMENTED}\n[[components]]\nname = "worker"\nimage = "reg/w:v1"\ncmd = ["work"]\n`);
  });

  it('reorders blocks, comments travelling with them', () => {
    const [api, web] = current().components;
    const text = edit({ ...current(), components: [web!, api!] });
    const webBlock = COMMENTED.slice(COMMENTED.indexOf('# --- the web UI ---'));
    const apiBlock = COMMENTED.slice(COMMENTED.indexOf('# --- the API ---'), COMMENTED.indexOf('# --- the web UI ---'));
    const top = COMMENTED.slice(0, COMMENTED.indexOf('# --- the API ---'));
    expect(text).to.equal(`${top}${webBlock}\n${apiBlock.replace(/\n\n$/, '\n')}`);
  });

  it('re-renders a block whose changed key lives in a sub-table, keeping the rest of the file', () => {
    const start = `name = "svc"\nnode = "rift"\n\n# the api\n[[components]]\nname = "api"\nimage = "a"\n[components.env]\nA = "1"\n\n# the db\n[[components]]\nname = "db"\nimage = "d"\n`;
    const spec = parseServiceDefinition(start, '/x/svc.toml');
    const next = withComponent(spec, 'api', { env: { A: '2' } });
    const text = editServiceDefinition(start, spec, next);
    expect(text).to.equal(start.replace('[[components]]\nname = "api"\nimage = "a"\n[components.env]\nA = "1"\n', '[[components]]\nname = "api"\nimage = "a"\nenv = { A = "2" }\n'));
  });

  it('keeps CRLF line endings', () => {
    const start = 'name = "svc"\r\nnode = "rift"\r\n\r\n[[components]]\r\nname = "api"\r\nimage = "a"\r\n';
    const spec = parseServiceDefinition(start, '/x/svc.toml');
    const text = editServiceDefinition(start, spec, withComponent({ ...spec, active: false }, 'api', { network: 'n' }));
    expect(text).to.equal('name = "svc"\r\nnode = "rift"\r\nactive = false\r\n\r\n[[components]]\r\nname = "api"\r\nimage = "a"\r\nnetwork = "n"\r\n');
  });

  it('does not mistake a bracket inside a string or a multi-line string for a table header', () => {
    const start = `name = "svc"\nnode = "rift"\n[[components]]\nname = "api"\nimage = "a"\ncmd = [\n  """\n[[components]]\n""",\n  "]",\n]\n`;
    const spec = parseServiceDefinition(start, '/x/svc.toml');
    const text = editServiceDefinition(start, spec, withComponent(spec, 'api', { image: 'b' }));
    expect(text).to.equal(start.replace('image = "a"', 'image = "b"'));
  });
});

describe('renderServiceDefinition', () => {
  it('writes name, node, active, then components without defaults', () => {
    const spec = createServiceSpec(
      { name: 'svc', node: 'rift', components: [{ name: 'api', image: 'a', ports: ['1:1'], env: { A: 'x y' } }, { name: 'db', image: 'd', pull: 'never', restart: 'always' }] },
      'x',
    );
    expect(renderServiceDefinition(spec)).to.equal(
      'name = "svc"\nnode = "rift"\nactive = true\n\n[[components]]\nname = "api"\nimage = "a"\nports = ["1:1"]\nenv = { A = "x y" }\n\n' +
        '[[components]]\nname = "db"\nimage = "d"\nrestart = "always"\npull = "never"\n',
    );
    expect(parseServiceDefinition(renderServiceDefinition(spec), 'x')).to.deep.equal(spec);
  });
  it('escapes strings so they read back the same', () => {
    const spec = createServiceSpec({ name: 'svc', node: 'rift', components: [{ name: 'api', image: 'a', cmd: ['say "hi"\n', "it's", '\\'] }] }, 'x');
    expect(parseServiceDefinition(renderServiceDefinition(spec), 'x')).to.deep.equal(spec);
  });
});
