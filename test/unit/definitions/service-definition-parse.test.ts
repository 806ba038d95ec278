import { expect } from 'chai';
import { parseServiceDefinition } from '../../../src/adapters/definitions/toml/service-definition.loader';

const FILE = '/x/svc.toml';
const head = 'name = "svc"\nnode = "rift"\n';
const api = '[[components]]\nname = "api"\nimage = "reg/svc:v1"\n';
const rejects = (text: string, pattern: RegExp, code = 'INVALID_SPEC') =>
  expect(() => parseServiceDefinition(text, FILE)).to.throw(pattern).with.property('code', code);

describe('parseServiceDefinition', () => {
  it('reads every field of a component', () => {
    const spec = parseServiceDefinition(
      `${head}active = false\n${api}network = "mcpnet"\nuser = "0:0"\nrestart = "always"\nports = ["127.0.0.1:8443:8443"]\n` +
        `volumes = ["/srv/svc:/srv/svc:Z"]\ncmd = ["server", "--config", "/srv/svc/svc.toml"]\nenv = { LOG_LEVEL = "info" }\npull = "missing"\n`,
      FILE,
    );
    expect(spec).to.deep.equal({
      name: 'svc',
      node: 'rift',
      active: false,
      components: [
        {
          name: 'api',
          image: 'reg/svc:v1',
          network: 'mcpnet',
          user: '0:0',
          restart: 'always',
          ports: ['127.0.0.1:8443:8443'],
          volumes: ['/srv/svc:/srv/svc:Z'],
          cmd: ['server', '--config', '/srv/svc/svc.toml'],
          env: { LOG_LEVEL: 'info' },
          pull: 'missing',
        },
      ],
    });
  });
  it('defaults active to true', () => expect(parseServiceDefinition(head + api, FILE).active).to.equal(true));
  it('accepts env written as a sub-table', () =>
    expect(parseServiceDefinition(`${head}${api}[components.env]\nA = "b"\n`, FILE).components[0]!.env).to.deep.equal({ A: 'b' }));

  it('rejects a missing name', () => rejects(`node = "rift"\n${api}`, /^\/x\/svc\.toml: name: is required$/));
  it('rejects a missing node', () => rejects(`name = "svc"\n${api}`, /^\/x\/svc\.toml: node: is required$/));
  it('rejects no components', () => rejects(head, /^\/x\/svc\.toml: components: is required$/));
  it('rejects an empty components array', () => rejects(`${head}components = []\n`, /components: at least one/));
  it('rejects duplicate component names', () => rejects(`${head}${api}${api}`, /components\[1\]\.name: duplicate component name "api"/));
  it('rejects a bad pull value', () => rejects(`${head}${api}pull = "sometimes"\n`, /\/x\/svc\.toml: components\[0\]\.pull: invalid value "sometimes"/));
  it('rejects an unknown key in a component, naming file and key', () =>
    rejects(`${head}[[components]]\nname = "api"\nimagee = "x"\n`, /^\/x\/svc\.toml: unknown key "imagee" in components\[0\]$/));
  it('rejects an unknown top-level key', () => rejects(`${head}nodes = "x"\n${api}`, /^\/x\/svc\.toml: unknown key "nodes" at the top level$/));
  it('rejects an unknown key in a sub-table', () => rejects(`${head}${api}[components.extra]\na = "b"\n`, /unknown key "extra" in components\[0\]/));
  it('rejects ports written as a string, naming field and value', () =>
    rejects(`${head}${api}ports = "x"\n`, /^\/x\/svc\.toml: components\[0\]\.ports: expected an array of strings, got "x"$/));
  it('rejects a number where a string belongs', () => rejects(`${head}${api}user = 0\n`, /components\[0\]\.user: expected a string, got 0/));
  it('rejects active written as a string', () => rejects(`${head}active = "yes"\n${api}`, /active: expected true or false, got "yes"/));
  it('rejects env values that are not strings', () => rejects(`${head}${api}env = { A = 1 }\n`, /components\[0\]\.env: expected a table of strings, e\.g\. \{ LOG_LEVEL = "info" \}/));
  it('rejects secrets given as a string, with an example of secrets', () =>
    rejects(`${head}${api}secrets = "db-password"\n`, /components\[0\]\.secrets: expected a table of strings, e\.g\. \{ DB_PASSWORD = "db-password" \}, got "db-password"$/));
  it('names the file and line of a TOML syntax error', () => rejects(`${head}${api}image = \n`, /^\/x\/svc\.toml: line 6, column \d+: invalid TOML: /));
  it('rejects a redefined key as a syntax error', () => rejects(`${head}name = "b"\n${api}`, /^\/x\/svc\.toml: line 3, .*invalid TOML/));

  const hostile = ['--privileged', '../x', 'a b', 'a'.repeat(49), 'sérvice', '', 'A', '-x', 'x-'];
  for (const name of hostile) {
    it(`rejects the hostile service name ${JSON.stringify(name)}`, () =>
      rejects(`name = ${JSON.stringify(name)}\nnode = "rift"\n${api}`, /\/x\/svc\.toml: name: invalid service name/, 'INVALID_NAME'));
    it(`rejects the hostile component name ${JSON.stringify(name)}`, () =>
      rejects(`${head}[[components]]\nname = ${JSON.stringify(name)}\nimage = "a"\n`, /components\[0\]\.name: invalid component name/, 'INVALID_NAME'));
  }
  it('accepts a 48-character name', () => expect(parseServiceDefinition(`name = "${'a'.repeat(48)}"\nnode = "rift"\n${api}`, FILE).name).to.have.length(48));
  it('rejects a hostile node name', () => rejects(`name = "svc"\nnode = "--net=host"\n${api}`, /node: invalid node name/, 'INVALID_NAME'));
  it('rejects an image that reads as a flag', () => rejects(`${head}[[components]]\nname = "api"\nimage = "--privileged"\n`, /components\[0\]\.image/));
});
