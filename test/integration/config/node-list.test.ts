import { expect } from 'chai';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCliConfig } from '../../../src/adapters/config/toml/cli-config.loader';
import { addNode, removeNode } from '../../../src/adapters/config/toml/node-list.editor';
import { rejection } from '../../support/rejection';

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

  it('appends a node block and keeps every existing byte', async () => {
    await addNode(file, 'nas', 'nas.example:9444');
    expect(text()).to.equal(`${COMMENTED}\n[[nodes]]\nname = "nas"\naddress = "nas.example:9444"\n`);
    expect(names()).to.deep.equal(['rift', 'edge', 'vault', 'nas']);
  });

  it('adds to a file without nodes or a final newline', async () => {
    writeFileSync(file, '[services]\ndir = "/svc"');
    await addNode(file, 'rift', 'rift:9444');
    expect(text()).to.equal('[services]\ndir = "/svc"\n\n[[nodes]]\nname = "rift"\naddress = "rift:9444"\n');
  });

  it('creates a private config (and its folder) on a fresh workstation', async () => {
    const fresh = join(dir, 'new', '.config', 'mcp', 'mcp.toml');
    await addNode(fresh, 'rift', 'rift:9444');
    expect(loadCliConfig(fresh, env).nodes).to.deep.equal([{ name: 'rift', address: 'rift:9444' }]);
    expect(statSync(fresh).mode & 0o777).to.equal(0o600);
    expect(statSync(join(dir, 'new', '.config', 'mcp')).mode & 0o777).to.equal(0o700);
  });

  it('adds to an empty file', async () => {
    writeFileSync(file, '');
    await addNode(file, 'rift', 'rift:9444');
    expect(text()).to.equal('[[nodes]]\nname = "rift"\naddress = "rift:9444"\n');
  });

  it('rejects a duplicate, an invalid name and an empty or bad address, leaving the file alone', async () => {
    expect(await rejection(addNode(file, 'edge', 'x:1'))).to.include({ code: 'CONFIG_INVALID' }).and.have.property('message').that.matches(/node "edge" already exists/);
    expect((await rejection(addNode(file, '--privileged', 'x:1'))).message).to.match(/invalid node name "--privileged"/);
    expect((await rejection(addNode(file, 'nas', ''))).message).to.match(/address must not be empty/);
    expect((await rejection(addNode(file, 'nas', 'nas.example'))).message).to.match(/is not host:port/);
    expect(text()).to.equal(COMMENTED);
    expect(readdirSync(dir)).to.deep.equal(['mcp.toml']);
  });

  it('removes a middle node with the comments attached above it', async () => {
    await removeNode(file, 'edge');
    expect(text()).to.equal(COMMENTED.replace('# edge box in the closet\n# (slow disk)\n[[nodes]]\nname = "edge"\naddress = "edge.example:9444"\n\n', ''));
    expect(names()).to.deep.equal(['rift', 'vault']);
  });

  it('removes the last node without leaving trailing blank lines', async () => {
    await removeNode(file, 'vault');
    expect(text()).to.equal(COMMENTED.replace('\n# backup target\n[[nodes]]\nname = "vault"\naddress = "vault.example:9444"\n', ''));
    expect(names()).to.deep.equal(['rift', 'edge']);
  });

  it('removes the first node, keeping the sections before it', async () => {
    await removeNode(file, 'rift');
    expect(text()).to.equal(COMMENTED.replace('# the home server\n[[nodes]]\nname = "rift"\naddress = "rift.example:9444"   # wireguard address\n\n', ''));
  });

  it('removes adjacent blocks with no blank lines between them', async () => {
    writeFileSync(file, '[[nodes]]\nname = "a"\naddress = "a:1"\n[[nodes]]\nname = "b"\naddress = "b:1"\n');
    await removeNode(file, 'b');
    expect(text()).to.equal('[[nodes]]\nname = "a"\naddress = "a:1"\n');
    await removeNode(file, 'a');
    expect(text()).to.equal('');
    expect(names()).to.deep.equal([]);
  });

  it('says which node is unknown', async () => expect((await rejection(removeNode(file, 'nas'))).message).to.match(/no node "nas" \(known: rift, edge, vault\)/));

  it('keeps the file mode', async () => {
    chmodSync(file, 0o640);
    await addNode(file, 'nas', 'nas:1');
    await removeNode(file, 'rift');
    expect(statSync(file).mode & 0o777).to.equal(0o640);
  });
});
