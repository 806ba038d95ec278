import { expect } from 'chai';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCliConfig } from '../../../src/adapters/config/toml/cli-config.loader';
import { addNode, removeNode } from '../../../src/adapters/config/toml/node-list.editor';

const COMMENTED = `# mcp CLI config — kept by hand
[services]
dir = "~/.config/mcp/services"   # one file per service

[tls]
ca_cert = "~/.config/mcp/ca.pem"

# the home server
[[nodes]]
name = "rift"
address = "rift.example:9444"   # wireguard address

# edge box in the closet
# (slow disk)
[[nodes]]
name = "edge"
address = "edge.example:9444"

# backup target
[[nodes]]
name = "vault"
address = "vault.example:9444"
`;

describe('node list editing (real files)', () => {
  let dir: string;
  let file: string;
  const env = { HOME: '/home/kyle' };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-nodes-'));
    file = join(dir, 'mcp.toml');
    writeFileSync(file, COMMENTED);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const text = () => readFileSync(file, 'utf8');
  const names = () => loadCliConfig(file, env).nodes.map((n) => n.name);

  it('appends a node block and keeps every existing byte', () => {
    addNode(file, 'nas', 'nas.example:9444');
    expect(text()).to.equal(`${COMMENTED}\n[[nodes]]\nname = "nas"\naddress = "nas.example:9444"\n`);
    expect(names()).to.deep.equal(['rift', 'edge', 'vault', 'nas']);
  });

  it('adds to a file without nodes or a final newline', () => {
    writeFileSync(file, '[services]\ndir = "/svc"');
    addNode(file, 'rift', 'rift:9444');
    expect(text()).to.equal('[services]\ndir = "/svc"\n\n[[nodes]]\nname = "rift"\naddress = "rift:9444"\n');
  });

  it('creates a private config (and its folder) on a fresh workstation', () => {
    const fresh = join(dir, 'new', '.config', 'mcp', 'mcp.toml');
    addNode(fresh, 'rift', 'rift:9444');
    expect(loadCliConfig(fresh, env).nodes).to.deep.equal([{ name: 'rift', address: 'rift:9444' }]);
    expect(statSync(fresh).mode & 0o777).to.equal(0o600);
    expect(statSync(join(dir, 'new', '.config', 'mcp')).mode & 0o777).to.equal(0o700);
  });

  it('adds to an empty file', () => {
    writeFileSync(file, '');
    addNode(file, 'rift', 'rift:9444');
    expect(text()).to.equal('[[nodes]]\nname = "rift"\naddress = "rift:9444"\n');
  });

  it('rejects a duplicate, an invalid name and an empty or bad address, leaving the file alone', () => {
    expect(() => addNode(file, 'edge', 'x:1')).to.throw(/node "edge" already exists/).with.property('code', 'CONFIG_INVALID');
    expect(() => addNode(file, '--privileged', 'x:1')).to.throw(/invalid node name "--privileged"/);
    expect(() => addNode(file, 'nas', '')).to.throw(/address must not be empty/);
    expect(() => addNode(file, 'nas', 'nas.example')).to.throw(/is not host:port/);
    expect(text()).to.equal(COMMENTED);
    expect(readdirSync(dir)).to.deep.equal(['mcp.toml']);
  });

  it('removes a middle node with the comments attached above it', () => {
    removeNode(file, 'edge');
    expect(text()).to.equal(COMMENTED.replace('# edge box in the closet\n# (slow disk)\n[[nodes]]\nname = "edge"\naddress = "edge.example:9444"\n\n', ''));
    expect(names()).to.deep.equal(['rift', 'vault']);
  });

  it('removes the last node without leaving trailing blank lines', () => {
    removeNode(file, 'vault');
    expect(text()).to.equal(COMMENTED.replace('\n# backup target\n[[nodes]]\nname = "vault"\naddress = "vault.example:9444"\n', ''));
    expect(names()).to.deep.equal(['rift', 'edge']);
  });

  it('removes the first node, keeping the sections before it', () => {
    removeNode(file, 'rift');
    expect(text()).to.equal(COMMENTED.replace('# the home server\n[[nodes]]\nname = "rift"\naddress = "rift.example:9444"   # wireguard address\n\n', ''));
  });

  it('removes adjacent blocks with no blank lines between them', () => {
    writeFileSync(file, '[[nodes]]\nname = "a"\naddress = "a:1"\n[[nodes]]\nname = "b"\naddress = "b:1"\n');
    removeNode(file, 'b');
    expect(text()).to.equal('[[nodes]]\nname = "a"\naddress = "a:1"\n');
    removeNode(file, 'a');
    expect(text()).to.equal('');
    expect(names()).to.deep.equal([]);
  });

  it('says which node is unknown', () => expect(() => removeNode(file, 'nas')).to.throw(/no node "nas" \(known: rift, edge, vault\)/));

  it('keeps the file mode', () => {
    chmodSync(file, 0o640);
    addNode(file, 'nas', 'nas:1');
    removeNode(file, 'rift');
    expect(statSync(file).mode & 0o777).to.equal(0o640);
  });
});
