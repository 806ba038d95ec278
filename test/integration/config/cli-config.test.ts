import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliConfigPath, loadCliConfig } from '../../../src/adapters/config/toml/cli-config.loader';

const FULL = `[services]
dir = "~/svc"
[auth]
token_path = "~/.config/mcp/token"
username = "kyle"
password_file = "~/.config/mcp/password"
[mcias]
server_url = "https://mcias.example:8443"
ca_cert = "/etc/mcp/ca.pem"
service_name = "mcp"
[tls]
ca_cert = "~/.config/mcp/ca.pem"
[[nodes]]
name = "rift"
address = "rift.example:9444"
[[nodes]]
name = "edge"
address = "[::1]:9444"
`;

describe('loadCliConfig (real files)', () => {
  let dir: string;
  let file: string;
  const env = { HOME: '/home/kyle' };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-cli-config-'));
    file = join(dir, 'mcp.toml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const load = (text: string, extra: Record<string, string> = {}) => {
    writeFileSync(file, text);
    return loadCliConfig(file, { ...env, ...extra });
  };
  const rejects = (text: string, message: RegExp) => {
    writeFileSync(file, text);
    expect(() => loadCliConfig(file, env)).to.throw(message).with.property('code', 'CONFIG_INVALID');
  };

  it('reads every field, expanding ~', () => {
    expect(load(FULL)).to.deep.equal({
      path: file,
      services: { dir: '/home/kyle/svc' },
      auth: { tokenPath: '/home/kyle/.config/mcp/token', username: 'kyle', passwordFile: '/home/kyle/.config/mcp/password' },
      mcias: { serverUrl: 'https://mcias.example:8443', caCert: '/etc/mcp/ca.pem', serviceName: 'mcp' },
      tls: { caCert: '/home/kyle/.config/mcp/ca.pem' },
      cli: { nodeTimeoutMs: 5000, parallel: 32 },
      nodes: [
        { name: 'rift', address: 'rift.example:9444' },
        { name: 'edge', address: '[::1]:9444' },
      ],
    });
  });

  it('fills defaults for an empty file', () => {
    expect(load('')).to.deep.equal({
      path: file,
      services: { dir: '/home/kyle/.config/mcp/services' },
      auth: { tokenPath: '/home/kyle/.config/mcp/token' },
      tls: {},
      cli: { nodeTimeoutMs: 5000, parallel: 32 },
      nodes: [],
    });
  });

  it('takes overrides from MCP_<SECTION>_<KEY>', () => {
    const config = load(FULL, {
      MCP_SERVICES_DIR: '~/other',
      MCP_AUTH_TOKEN_PATH: '/tmp/token',
      MCP_TLS_CA_CERT: '/tmp/ca.pem',
      MCP_MCIAS_SERVER_URL: 'https://id.example',
      MCP_AUTH_USERNAME: 'ops',
    });
    expect(config.services.dir).to.equal('/home/kyle/other');
    expect(config.auth.tokenPath).to.equal('/tmp/token');
    expect(config.auth.username).to.equal('ops');
    expect(config.tls.caCert).to.equal('/tmp/ca.pem');
    expect(config.mcias?.serverUrl).to.equal('https://id.example');
  });

  it('[cli] node_timeout and parallel: from the file, or MCP_CLI_NODE_TIMEOUT / MCP_CLI_PARALLEL', () => {
    expect(load('[cli]\nnode_timeout = "1500ms"\nparallel = 4\n').cli).to.deep.equal({ nodeTimeoutMs: 1500, parallel: 4 });
    expect(load('[cli]\nnode_timeout = "1500ms"\n', { MCP_CLI_NODE_TIMEOUT: '2s', MCP_CLI_PARALLEL: '8' }).cli).to.deep.equal({ nodeTimeoutMs: 2000, parallel: 8 });
  });

  it('rejects a node_timeout that is no duration, or zero', () => {
    rejects('[cli]\nnode_timeout = "soon"\n', /mcp\.toml: cli\.node_timeout: "soon" is not a duration \(use e\.g\. 500ms/);
    rejects('[cli]\nnode_timeout = "0s"\n', /mcp\.toml: cli\.node_timeout: "0s" must be longer than zero$/);
    rejects('[cli]\nnode_timeout = 5\n', /mcp\.toml: cli\.node_timeout: expected a string, got 5/);
  });

  it('rejects a node_timeout longer than 24h, from the file or MCP_CLI_NODE_TIMEOUT (Node would make it 1 ms)', () => {
    expect(load('[cli]\nnode_timeout = "24h"\n').cli.nodeTimeoutMs).to.equal(86_400_000);
    rejects('[cli]\nnode_timeout = "30d"\n', /mcp\.toml: cli\.node_timeout: "30d" is too long: use at most 24h$/);
    rejects('[cli]\nnode_timeout = "86400001ms"\n', /cli\.node_timeout: "86400001ms" is too long: use at most 24h$/);
    expect(() => load('', { MCP_CLI_NODE_TIMEOUT: '100000h' }))
      .to.throw(/mcp\.toml: cli\.node_timeout: "100000h" is too long: use at most 24h \(set by MCP_CLI_NODE_TIMEOUT\)$/)
      .with.property('code', 'CONFIG_INVALID');
  });

  it('never suggests a duration it refuses', () => rejects('[cli]\nnode_timeout = "soon"\n', /\(use e\.g\. 500ms, 60s, 15m, 2h\)$/));

  it('rejects a parallel that is not a whole number from 1 to 1024', () => {
    rejects('[cli]\nparallel = 0\n', /mcp\.toml: cli\.parallel: 0 must be between 1 and 1024$/);
    rejects('[cli]\nparallel = 5000\n', /mcp\.toml: cli\.parallel: 5000 must be between 1 and 1024$/);
    rejects('[cli]\nparallel = "many"\n', /mcp\.toml: cli\.parallel: expected an integer/);
    rejects('[cli]\ntimeout = "5s"\n', /mcp\.toml: unknown key "timeout" in \[cli\]$/);
  });

  it('names the env var that set a bad [cli] value', () => {
    writeFileSync(file, '');
    expect(() => loadCliConfig(file, { ...env, MCP_CLI_NODE_TIMEOUT: 'forever' })).to.throw(/MCP_CLI_NODE_TIMEOUT/).with.property('code', 'CONFIG_INVALID');
  });

  it('finds the file from --config, else MCP_CONFIG, else the default', () => {
    expect(cliConfigPath('/x.toml', { HOME: '/h', MCP_CONFIG: '/y.toml' })).to.equal('/x.toml');
    expect(cliConfigPath(undefined, { HOME: '/h', MCP_CONFIG: '~/y.toml' })).to.equal('/h/y.toml');
    expect(cliConfigPath(undefined, { HOME: '/h' })).to.equal('/h/.config/mcp/mcp.toml');
    writeFileSync(file, FULL);
    expect(loadCliConfig(undefined, { ...env, MCP_CONFIG: file }).nodes).to.have.length(2);
  });

  it('rejects a duplicate node', () => rejects(`${FULL}[[nodes]]\nname = "rift"\naddress = "b:1"\n`, /mcp\.toml: nodes\[2\]\.name: duplicate node "rift"/));
  it('rejects an invalid node name', () => rejects('[[nodes]]\nname = "../rift"\naddress = "a:1"\n', /nodes\[0\]\.name: invalid node name "\.\.\/rift"/));
  it('rejects an address without a port', () => rejects('[[nodes]]\nname = "rift"\naddress = "rift.example"\n', /nodes\[0\]\.address: "rift\.example" is not host:port/));
  it('rejects a node without an address', () => rejects('[[nodes]]\nname = "rift"\n', /nodes\[0\]\.address: is required/));
  it('rejects an unknown key in a node', () => rejects('[[nodes]]\nname = "rift"\naddress = "a:1"\nport = 1\n', /unknown key "port" in nodes\[0\]/));
  it('rejects an unknown key in a section', () => rejects('[auth]\ntoken = "x"\n', /mcp\.toml: unknown key "token" in \[auth\]$/));
  it('rejects a wrong type', () => rejects('[services]\ndir = 3\n', /services\.dir: expected a string, got 3/));
  it('rejects [mcias] without a server_url', () => rejects('[mcias]\nservice_name = "mcp"\n', /mcias\.server_url: is required/));
  it('names a missing file', () =>
    expect(() => loadCliConfig(join(dir, 'none.toml'), env)).to.throw(`${join(dir, 'none.toml')}: config file not found`).with.property('code', 'CONFIG_INVALID'));
});
