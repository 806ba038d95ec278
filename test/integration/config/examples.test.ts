import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAgentConfig } from '../../../src/adapters/config/toml/agent-config.loader';
import { loadCliConfig } from '../../../src/adapters/config/toml/cli-config.loader';
import { loadAllServiceDefinitions } from '../../../src/adapters/definitions/toml/service-definition.loader';
import { setActive } from '../../../src/adapters/definitions/toml/service-definition.writer';
import { addNode, removeNode } from '../../../src/adapters/config/toml/node-list.editor';
import { repoRoot } from '../../support/repo-root';

const examples = join(repoRoot, 'deploy', 'examples');
const env = { HOME: '/home/kyle' };

describe('deploy/examples load with the real loaders', () => {
  it('mcp.toml', async () => {
    const config = loadCliConfig(join(examples, 'mcp.toml'), env);
    expect(config.nodes).to.deep.equal([{ name: 'rift', address: 'rift.example:9444' }]);
    expect(config.services.dir).to.equal('/home/kyle/.config/mcp/services');
    expect(config.mcias?.serverUrl).to.equal('https://mcias.example:8443');
    expect(config.cli).to.deep.equal({ nodeTimeoutMs: 5000, parallel: 32 });
  });

  it('mcp-agent.toml, with [auth] tokens_file', async () => {
    const config = loadAgentConfig(join(examples, 'mcp-agent.toml'), env);
    expect(config.agent.nodeName).to.equal('rift');
    expect(config.identity).to.deep.equal({ kind: 'tokens-file', tokensFile: '/srv/mcp/tokens' });
    expect(config.monitor.alertCommand).to.deep.equal(['/usr/local/bin/notify', '--channel', 'ops']);
    expect(config.agent.maxFileSize).to.equal(64 * 1024 * 1024);
  });

  it('mcp-agent.toml, with the commented-out [mcias] alternative switched on', async () => {
    const text = readFileSync(join(examples, 'mcp-agent.toml'), 'utf8')
      .replace('[auth]\ntokens_file = "/srv/mcp/tokens"\n', '')
      .replace(/^# (\[mcias\]|server_url|ca_cert|service_name)/gm, '$1');
    const dir = mkdtempSync(join(tmpdir(), 'mcp-example-'));
    try {
      writeFileSync(join(dir, 'mcp-agent.toml'), text);
      const config = loadAgentConfig(join(dir, 'mcp-agent.toml'), env);
      expect(config.identity).to.deep.equal({ kind: 'mcias', serverUrl: 'https://mcias.example:8443', caCert: '/srv/mcp/certs/ca.pem', serviceName: 'mcp-agent' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('services/*.toml', async () => {
    const files = readdirSync(join(examples, 'services')).filter((f) => f.endsWith('.toml'));
    const specs = loadAllServiceDefinitions(join(examples, 'services'));
    expect(specs.map((s) => `${s.name}.toml`)).to.deep.equal(files.sort());
    const hello = specs.find((s) => s.name === 'hello')!;
    expect(hello.components.map((c) => c.name)).to.deep.equal(['hello', 'worker']);
    expect(hello.components[0]!.env).to.deep.equal({ LOG_LEVEL: 'info', GREETING: 'hello, world' });
  });

  it('survive the editors: stop hello and add/remove a node change only those lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-example-'));
    try {
      const hello = readFileSync(join(examples, 'services', 'hello.toml'), 'utf8');
      writeFileSync(join(dir, 'hello.toml'), hello);
      await setActive(join(dir, 'hello.toml'), false);
      expect(readFileSync(join(dir, 'hello.toml'), 'utf8')).to.equal(hello.replace('\nactive = true\n', '\nactive = false\n'));
      const cli = readFileSync(join(examples, 'mcp.toml'), 'utf8');
      writeFileSync(join(dir, 'mcp.toml'), cli);
      await addNode(join(dir, 'mcp.toml'), 'edge', 'edge.example:9444');
      await removeNode(join(dir, 'mcp.toml'), 'edge');
      expect(readFileSync(join(dir, 'mcp.toml'), 'utf8')).to.equal(cli);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
