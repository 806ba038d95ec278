import { expect } from 'chai';
import { AGENT_ENV_KINDS, AGENT_SECTIONS } from '../../../src/adapters/config/toml/agent-config.dto';
import { CLI_ENV_KINDS, CLI_SECTIONS } from '../../../src/adapters/config/toml/cli-config.dto';
import { applyEnvOverrides } from '../../../src/adapters/config/toml/env-overrides';

describe('applyEnvOverrides', () => {
  const agent = (env: Record<string, string>, raw: Record<string, unknown> = {}) => {
    const sources = applyEnvOverrides(raw, AGENT_SECTIONS, AGENT_ENV_KINDS, 'MCP_AGENT_', env);
    return { raw, sources };
  };

  it('sets a string key, creating the section, and says which variable set it', () => {
    const { raw, sources } = agent({ MCP_AGENT_SERVER_GRPC_ADDR: '127.0.0.1:9444' });
    expect(raw).to.deep.equal({ server: { grpc_addr: '127.0.0.1:9444' } });
    expect(sources.get('server.grpc_addr')).to.equal('MCP_AGENT_SERVER_GRPC_ADDR');
  });
  it('overrides a value from the file and keeps the others', () => {
    const { raw } = agent({ MCP_AGENT_MONITOR_INTERVAL: '5s' }, { monitor: { interval: '60s', cooldown: '1m' } });
    expect(raw).to.deep.equal({ monitor: { interval: '5s', cooldown: '1m' } });
  });
  it('reads integers for integer keys, and leaves non-numbers for the validator to name', () => {
    expect(agent({ MCP_AGENT_MONITOR_FLAP_THRESHOLD: '5' }).raw).to.deep.equal({ monitor: { flap_threshold: 5 } });
    expect(agent({ MCP_AGENT_MONITOR_FLAP_THRESHOLD: 'five' }).raw).to.deep.equal({ monitor: { flap_threshold: 'five' } });
  });
  it('reads an argv as a JSON array or as whitespace-separated words', () => {
    expect(agent({ MCP_AGENT_MONITOR_ALERT_COMMAND: '["/bin/notify", "--text", "a b"]' }).raw).to.deep.equal({
      monitor: { alert_command: ['/bin/notify', '--text', 'a b'] },
    });
    expect(agent({ MCP_AGENT_MONITOR_ALERT_COMMAND: ' /bin/notify  --channel ops ' }).raw).to.deep.equal({
      monitor: { alert_command: ['/bin/notify', '--channel', 'ops'] },
    });
  });
  it('ignores empty values and variables the schema does not know', () => {
    expect(agent({ MCP_AGENT_MONITOR_INTERVAL: '', MCP_AGENT_MONITOR_BOGUS: 'x', MCP_SERVICE: 'y', MCP_CONFIG: '/x' }).raw).to.deep.equal({});
  });
  it('gives the CLI its own prefix, never taking the agent variables', () => {
    const raw: Record<string, unknown> = {};
    applyEnvOverrides(raw, CLI_SECTIONS, CLI_ENV_KINDS, 'MCP_', {
      MCP_SERVICES_DIR: '/svc',
      MCP_AUTH_TOKEN_PATH: '/tok',
      MCP_TLS_CA_CERT: '/ca.pem',
      MCP_MCIAS_SERVER_URL: 'https://m',
      MCP_AGENT_SERVER_GRPC_ADDR: 'x:1',
      MCP_CONFIG: '/other.toml',
    });
    expect(raw).to.deep.equal({ services: { dir: '/svc' }, auth: { token_path: '/tok' }, tls: { ca_cert: '/ca.pem' }, mcias: { server_url: 'https://m' } });
  });
});
