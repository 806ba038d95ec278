import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type RunningAgent, startAgentProcess } from '../../support/agent/agent-process';

describe('mcp-agent /metrics off loopback (real process): the bearer token of [metrics] token_file', function () {
  this.timeout(60000);
  let dir: string;
  let agent: RunningAgent | undefined;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'mcp-metrics-token-'))));
  after(async () => {
    await agent?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a scrape without the token (401) and serves one with it', async () => {
    const tokenFile = join(dir, 'metrics-token');
    writeFileSync(tokenFile, 'scrape-me-please\n', { mode: 0o600 });
    agent = await startAgentProcess({ metricsSection: `[metrics]\nlisten = "0.0.0.0:0"\ntoken_file = "${tokenFile}"\n` });
    const url = `http://127.0.0.1:${agent.metricsPort}/metrics`;
    const refused = await fetch(url);
    expect(refused.status).to.equal(401);
    expect(await refused.text()).not.to.include('mcp_');
    expect((await fetch(url, { headers: { authorization: 'Bearer not-it' } })).status).to.equal(401);
    const served = await fetch(url, { headers: { authorization: 'Bearer scrape-me-please' } });
    expect(served.status).to.equal(200);
    expect(await served.text()).to.include('# TYPE mcp_component_up gauge');
  });

  it('without token_file, or with an unreadable one, the agent refuses to start and names the key', async () => {
    const missingKey = await startAgentProcess({ metricsSection: '[metrics]\nlisten = "0.0.0.0:0"\n' }).catch((e: Error) => e);
    expect(String(missingKey)).to.match(/metrics\.token_file: is required when metrics\.listen \("0\.0\.0\.0:0"\) is not a loopback address/);
    const unreadable = await startAgentProcess({ metricsSection: `[metrics]\nlisten = "0.0.0.0:0"\ntoken_file = "${join(dir, 'absent')}"\n` }).catch((e: Error) => e);
    expect(String(unreadable)).to.match(/metrics\.token_file: cannot read .*absent \(ENOENT\)/);
  });

  it('when gRPC cannot listen, the agent exits at once: its /metrics listener does not keep it alive', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (busy.address() as AddressInfo).port;
      const failed = await startAgentProcess({ env: { MCP_AGENT_SERVER_GRPC_ADDR: `127.0.0.1:${port}` } }).catch((e: Error) => e);
      expect(String(failed)).to.match(/agent exited with 2 before listening/);
      expect(String(failed)).to.match(/cannot listen on 127\.0\.0\.1:\d+/);
    } finally {
      busy.close();
    }
  });
});
