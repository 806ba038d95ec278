import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAgentConfig, toAgentSettings } from '../../../src/adapters/config/toml/agent-config.loader';

const FULL = `[server]
grpc_addr = "0.0.0.0:9444"
tls_cert = "/srv/mcp/certs/agent.pem"
tls_key  = "/srv/mcp/certs/agent-key.pem"
[database]
path = "~/mcp.db"
[mcias]
server_url = "https://mcias.example:8443/"
ca_cert = "/srv/mcp/certs/ca.pem"
service_name = "mcp-agent"
[agent]
node_name = "rift"
container_runtime = "podman"
services_root = "/data"
backup_dir = "~/backups"
max_file_size = "1MiB"
keep_revisions = 4
[monitor]
interval = "30s"
alert_command = ["/usr/local/bin/notify", "--channel", "ops"]
alert_timeout = "5s"
cooldown = "1h"
flap_threshold = 5
flap_window = "20m"
retention = "7d"
[log]
level = "debug"
`;

const MINIMAL = `[server]
grpc_addr = "127.0.0.1:9444"
tls_cert = "/c.pem"
tls_key = "/k.pem"
[database]
path = "/srv/mcp/mcp.db"
[auth]
tokens_file = "/srv/mcp/tokens"
[agent]
node_name = "rift"
`;

describe('loadAgentConfig (real files)', () => {
  let dir: string;
  let file: string;
  const env = { HOME: '/home/mcp' };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-agent-config-'));
    file = join(dir, 'mcp-agent.toml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const load = (text: string, extraEnv: Record<string, string> = {}) => {
    writeFileSync(file, text);
    return loadAgentConfig(file, { ...env, ...extraEnv });
  };
  const rejects = (text: string, message: string | RegExp, extraEnv: Record<string, string> = {}) => {
    writeFileSync(file, text);
    const expectation = expect(() => loadAgentConfig(file, { ...env, ...extraEnv }));
    (typeof message === 'string' ? expectation.to.throw(message) : expectation.to.throw(message)).with.property('code', 'CONFIG_INVALID');
  };

  it('reads every field of a full file', () => {
    expect(load(FULL)).to.deep.equal({
      path: file,
      server: { grpcAddr: '0.0.0.0:9444', tlsCert: '/srv/mcp/certs/agent.pem', tlsKey: '/srv/mcp/certs/agent-key.pem' },
      database: { path: '/home/mcp/mcp.db' },
      identity: { kind: 'mcias', serverUrl: 'https://mcias.example:8443', caCert: '/srv/mcp/certs/ca.pem', serviceName: 'mcp-agent' },
      agent: { nodeName: 'rift', containerRuntime: 'podman', servicesRoot: '/data', backupDir: '/home/mcp/backups', maxFileSize: 1024 * 1024, settleTimeMs: 3000, keepRevisions: 4, secretKeyFile: '/home/mcp/secret.key' },
      monitor: {
        intervalMs: 30_000,
        alertCommand: ['/usr/local/bin/notify', '--channel', 'ops'],
        alertTimeoutMs: 5_000,
        cooldownMs: 3_600_000,
        flapThreshold: 5,
        flapWindowMs: 1_200_000,
        retentionMs: 7 * 86_400_000,
      },
      log: { level: 'debug' },
      metrics: { listen: '127.0.0.1:9445' },
    });
  });

  it('fills defaults for a minimal file with a tokens file', () => {
    const config = load(MINIMAL);
    expect(config.identity).to.deep.equal({ kind: 'tokens-file', tokensFile: '/srv/mcp/tokens' });
    expect(config.agent).to.deep.equal({ nodeName: 'rift', containerRuntime: 'podman', servicesRoot: '/srv', backupDir: '/srv/mcp/backups', maxFileSize: 64 * 1024 * 1024, settleTimeMs: 3000, keepRevisions: 10, secretKeyFile: '/srv/mcp/secret.key' });
    expect(config.monitor).to.deep.equal({ intervalMs: 60_000, alertTimeoutMs: 30_000, cooldownMs: 900_000, flapThreshold: 3, flapWindowMs: 600_000, retentionMs: 30 * 86_400_000 });
    expect(config.log.level).to.equal('info');
    expect(toAgentSettings(config)).to.deep.equal({
      nodeName: 'rift',
      maxFileSize: 64 * 1024 * 1024,
      settleTimeMs: 3000,
      keepRevisions: 10,
      monitor: { intervalMs: 60_000, cooldownMs: 900_000, flapThreshold: 3, flapWindowMs: 600_000, retentionMs: 30 * 86_400_000 },
    });
  });

  it('accepts max_file_size as an integer of bytes', () => expect(load(`${MINIMAL}max_file_size = 1000\n`).agent.maxFileSize).to.equal(1000));

  it('rejects a missing grpc_addr', () => rejects(MINIMAL.replace('grpc_addr = "127.0.0.1:9444"\n', ''), /: server\.grpc_addr: is required$/));
  it('rejects a missing tls_cert, naming the file', () => rejects(MINIMAL.replace('tls_cert = "/c.pem"\n', ''), /mcp-agent\.toml: server\.tls_cert: is required$/));
  it('rejects a missing [server] section key by key', () => rejects(MINIMAL.replace(/\[server\][^[]*/, ''), /: server\.grpc_addr: is required$/));
  it('rejects a missing database path', () => rejects(MINIMAL.replace('path = "/srv/mcp/mcp.db"\n', ''), /database\.path: is required/));
  it('reads [agent] settle_time and rejects a bad one, naming the key', () => {
    expect(load(`${MINIMAL}settle_time = "500ms"\n`).agent.settleTimeMs).to.equal(500);
    rejects(`${MINIMAL}settle_time = "3"\n`, /agent\.settle_time/);
  });
  it('rejects a missing node_name', () => rejects(MINIMAL.replace('node_name = "rift"\n', ''), /agent\.node_name: is required/));
  it('rejects an invalid node_name', () => rejects(MINIMAL.replace('"rift"', '"Rift!"'), /agent\.node_name: invalid node name "Rift!"/));
  it('rejects no identity source', () => rejects(MINIMAL.replace('[auth]\ntokens_file = "/srv/mcp/tokens"\n', ''), /mcias: no identity source: add an \[mcias\] section or \[auth\] tokens_file/));
  it('rejects both identity sources', () => rejects(`${MINIMAL}[mcias]\nserver_url = "https://m.example"\n`, /set either \[mcias\] or \[auth\] tokens_file, not both/));
  it('rejects a plain-http identity server off loopback', () =>
    rejects(MINIMAL.replace('[auth]\ntokens_file = "/srv/mcp/tokens"\n', '[mcias]\nserver_url = "http://m.example"\n'), /mcias\.server_url: "http:\/\/m\.example" must be an https:\/\/ URL/));
  it('rejects an unknown runtime', () => rejects(`${MINIMAL}container_runtime = "containerd"\n`, /agent\.container_runtime: unknown runtime "containerd": use podman, docker/));
  it('reads the docker runtime, its socket defaulting to /var/run/docker.sock', () => {
    expect(load(`${MINIMAL}container_runtime = "docker"\n`).agent).to.deep.include({ containerRuntime: 'docker', runtimeSocket: '/var/run/docker.sock' });
    expect(load(`${MINIMAL}container_runtime = "docker"\nruntime_socket = "~/podman.sock"\n`).agent).to.deep.include({
      containerRuntime: 'docker',
      runtimeSocket: '/home/mcp/podman.sock',
    });
    expect(load(MINIMAL, { MCP_AGENT_AGENT_CONTAINER_RUNTIME: 'docker', MCP_AGENT_AGENT_RUNTIME_SOCKET: '/run/d.sock' }).agent).to.deep.include({ runtimeSocket: '/run/d.sock' });
  });
  it('rejects a runtime socket given for podman, which would be ignored', () =>
    rejects(`${MINIMAL}runtime_socket = "/run/docker.sock"\n`, /agent\.runtime_socket: only used with container_runtime = "docker"/));
  it('rejects a bad duration with the key and a hint', () => {
    writeFileSync(file, `${MINIMAL}[monitor]\ninterval = "60"\n`);
    expect(() => loadAgentConfig(file, env)).to.throw(`${file}: monitor.interval: "60" is not a duration (use e.g. 500ms, 60s, 15m, 2h)`);
  });
  it('rejects a timer duration longer than 24h (Node would fire it at once); spans compared with timestamps may be longer', () => {
    rejects(`${MINIMAL}settle_time = "2d"\n`, /agent\.settle_time: "2d" is too long: use at most 24h$/);
    rejects(`${MINIMAL}[monitor]\ninterval = "30d"\n`, /monitor\.interval: "30d" is too long: use at most 24h$/);
    rejects(`${MINIMAL}[monitor]\nalert_timeout = "25h"\n`, /monitor\.alert_timeout: "25h" is too long: use at most 24h$/);
    const long = load(`${MINIMAL}settle_time = "24h"\n[monitor]\ninterval = "24h"\nretention = "90d"\ncooldown = "30d"\nflap_window = "30d"\n`);
    expect(long.agent.settleTimeMs).to.equal(86_400_000);
    expect(long.monitor).to.deep.include({ intervalMs: 86_400_000, retentionMs: 7_776_000_000, cooldownMs: 2_592_000_000 });
  });
  it('rejects a zero duration', () => rejects(`${MINIMAL}[monitor]\ncooldown = "0s"\n`, /monitor\.cooldown: "0s" must be longer than zero/));
  it('rejects a duration written as a number', () => rejects(`${MINIMAL}[monitor]\ninterval = 60\n`, /monitor\.interval: expected a string, got 60/));
  it('rejects a keep_revisions below 1 or not a whole number', () => {
    rejects(`${MINIMAL}keep_revisions = 0\n`, /agent\.keep_revisions: 0 must be at least 1/);
    rejects(`${MINIMAL}keep_revisions = "ten"\n`, /agent\.keep_revisions/);
  });
  it('rejects a bad size', () => rejects(`${MINIMAL}max_file_size = "64 megs"\n`, /agent\.max_file_size: "64 megs" is not a size/));
  it('rejects a bad grpc_addr', () => rejects(MINIMAL.replace('127.0.0.1:9444', '127.0.0.1'), /server\.grpc_addr: "127\.0\.0\.1" is not host:port/));
  it('rejects a bad log level', () => rejects(`${MINIMAL}[log]\nlevel = "verbose"\n`, /log\.level: expected one of debug, info, warn, error, got "verbose"/));
  it('rejects an alert command written as a string', () => rejects(`${MINIMAL}[monitor]\nalert_command = "notify ops"\n`, /monitor\.alert_command: expected an array of strings/));
  it('rejects a flap threshold that is not an integer', () => rejects(`${MINIMAL}[monitor]\nflap_threshold = 2.5\n`, /monitor\.flap_threshold: expected an integer, got 2\.5/));
  it('rejects an unknown key, naming file, section and key', () => {
    writeFileSync(file, `${MINIMAL}[monitor]\nintervall = "60s"\n`);
    expect(() => loadAgentConfig(file, env)).to.throw(`${file}: unknown key "intervall" in [monitor]`);
  });
  it('refuses nesting past 16 levels from the file or from env, naming the key (and the variable)', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    rejects(`${MINIMAL}[monitor]\nalert_command = ${deep}\n`, `${file}: monitor.alert_command: arrays or tables nested more than 16 levels deep`);
    rejects(MINIMAL, 'monitor.alert_command: arrays or tables nested more than 16 levels deep (set by MCP_AGENT_MONITOR_ALERT_COMMAND)', { MCP_AGENT_MONITOR_ALERT_COMMAND: deep });
  });
  it('rejects an unknown section', () => rejects(`${MINIMAL}[metric]\nport = 1\n`, /unknown key "metric" at the top level/));

  describe('[metrics]', () => {
    it('listens on 127.0.0.1:9445 by default, and "" turns it off', () => {
      expect(load(MINIMAL).metrics).to.deep.equal({ listen: '127.0.0.1:9445' });
      expect(load(`${MINIMAL}[metrics]\nlisten = ""\n`).metrics).to.equal(undefined);
    });
    it('accepts any loopback address without a token', () => {
      expect(load(`${MINIMAL}[metrics]\nlisten = "localhost:0"\n`).metrics).to.deep.equal({ listen: 'localhost:0' });
      expect(load(`${MINIMAL}[metrics]\nlisten = "[::1]:9445"\n`).metrics).to.deep.equal({ listen: '[::1]:9445' });
    });
    it('refuses a non-loopback listen without token_file, naming the key', () =>
      rejects(`${MINIMAL}[metrics]\nlisten = "0.0.0.0:9445"\n`, /mcp-agent\.toml: metrics\.token_file: is required when metrics\.listen \("0\.0\.0\.0:9445"\) is not a loopback address/));
    it('accepts a non-loopback listen with a token file', () =>
      expect(load(`${MINIMAL}[metrics]\nlisten = "0.0.0.0:9445"\ntoken_file = "/srv/mcp/metrics-token"\n`).metrics).to.deep.equal({ listen: '0.0.0.0:9445', tokenFile: '/srv/mcp/metrics-token' }));
    it('refuses a listen that is not host:port', () => rejects(`${MINIMAL}[metrics]\nlisten = "9445"\n`, /metrics\.listen: "9445" is not host:port/));
  });
  it('names the line of a TOML syntax error', () => rejects(`${MINIMAL}[monitor\n`, /mcp-agent\.toml: line 11, column \d+: invalid TOML/));
  it('names a missing file', () => {
    expect(() => loadAgentConfig(join(dir, 'nope.toml'), env)).to.throw(`${join(dir, 'nope.toml')}: config file not found`).with.property('code', 'CONFIG_INVALID');
  });

  describe('env overrides (MCP_AGENT_<SECTION>_<KEY>)', () => {
    it('overrides strings, durations, integers and argv', () => {
      const config = load(MINIMAL, {
        MCP_AGENT_SERVER_GRPC_ADDR: '127.0.0.1:19444',
        MCP_AGENT_MONITOR_INTERVAL: '5s',
        MCP_AGENT_MONITOR_FLAP_THRESHOLD: '7',
        MCP_AGENT_MONITOR_ALERT_COMMAND: '/bin/notify --channel ops',
        MCP_AGENT_AGENT_MAX_FILE_SIZE: '4096',
        MCP_AGENT_LOG_LEVEL: 'warn',
      });
      expect(config.server.grpcAddr).to.equal('127.0.0.1:19444');
      expect(config.monitor.intervalMs).to.equal(5_000);
      expect(config.monitor.flapThreshold).to.equal(7);
      expect(config.monitor.alertCommand).to.deep.equal(['/bin/notify', '--channel', 'ops']);
      expect(config.agent.maxFileSize).to.equal(4096);
      expect(config.log.level).to.equal('warn');
    });
    it('supplies a required key missing from the file', () =>
      expect(load(MINIMAL.replace('node_name = "rift"\n', ''), { MCP_AGENT_AGENT_NODE_NAME: 'edge' }).agent.nodeName).to.equal('edge'));
    it('names the variable when its value is bad', () =>
      rejects(MINIMAL, /monitor\.interval: "soon" is not a duration .* \(set by MCP_AGENT_MONITOR_INTERVAL\)$/, { MCP_AGENT_MONITOR_INTERVAL: 'soon' }));
    it('names the variable when the validator rejects its type', () =>
      rejects(MINIMAL, /monitor\.flap_threshold: expected an integer, got "many" \(set by MCP_AGENT_MONITOR_FLAP_THRESHOLD\)$/, { MCP_AGENT_MONITOR_FLAP_THRESHOLD: 'many' }));
  });
});
