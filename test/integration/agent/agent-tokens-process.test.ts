import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GrpcAgentGateway } from '../../../src/adapters/grpc/client/grpc-agent.gateway';
import { AGENT_MAIN, type RunningAgent, startAgentProcess, writeAgentConfig } from '../../support/agent/agent-process';
import { rejection } from '../../support/rejection';
import { repoRoot } from '../../support/repo-root';

function gatewayFor(agent: RunningAgent, token: string) {
  return new GrpcAgentGateway({ name: 'rift', address: agent.address }, { caCert: agent.certs.ca, token, timeoutMs: 5000, mutationTimeoutMs: 5000, maxMessageBytes: 8 << 20 });
}

/** `mcp-agent <args>` as an operator runs it: exit code, stdout, stderr. */
function agentCommand(args: readonly string[]) {
  const r = spawnSync(process.execPath, [AGENT_MAIN, ...args], { encoding: 'utf8', timeout: 20000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('mcp-agent token issue/list/revoke (real process, tokens file, TLS)', function () {
  this.timeout(60000);
  let agent: RunningAgent;
  before(async () => (agent = await startAgentProcess()));
  after(async () => agent.cleanup());

  it('a scoped token issued on a running agent works at once; list shows it without the token; revoke refuses it on its next call', async () => {
    const issued = agentCommand(['token', 'issue', '--user', 'ci', '--role', 'deployer', '--services', 'metacrypt, web-*', '--config', agent.configPath]);
    expect(issued.code, issued.stderr).to.equal(0);
    const ci = issued.stdout.trim();
    const gw = gatewayFor(agent, ci);
    const viewer = gatewayFor(agent, agent.viewerToken);
    const admin = gatewayFor(agent, agent.adminToken);
    try {
      // The agent says its release: the version in the repository's package.json.
      const agentVersion = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
      expect(await gw.whoami()).to.deep.equal({ user: 'ci', role: 'deployer', services: ['metacrypt', 'web-*'], agentVersion });
      expect(await viewer.whoami()).to.deep.equal({ user: 'vi', role: 'viewer', services: [], agentVersion });

      const list = agentCommand(['token', 'list', '--config', agent.configPath]);
      expect(list.code, list.stderr).to.equal(0);
      const rows = list.stdout.trim().split('\n').map((l) => l.split(/\s+/));
      expect(rows.map((r) => r.slice(0, 3))).to.deep.equal([
        ['USER', 'ROLE', 'SERVICES'],
        ['kyle', 'admin', '*'],
        ['vi', 'viewer', '*'],
        ['ci', 'deployer', 'metacrypt,web-*'],
      ]);
      expect(rows[3]![3]).to.match(/^sha256:[0-9a-f]{12}$/);
      for (const token of [ci, agent.adminToken, agent.viewerToken]) expect(list.stdout).to.not.include(token);
      const json = JSON.parse(agentCommand(['token', 'list', '--json', '--config', agent.configPath]).stdout) as { tokens: unknown[] };
      expect(json.tokens[2]).to.deep.equal({ user: 'ci', roles: ['deployer'], services: ['metacrypt', 'web-*'], hashPrefix: rows[3]![3]!.slice('sha256:'.length) });

      const revoked = agentCommand(['token', 'revoke', '--user', 'ci', '--config', agent.configPath]);
      expect(revoked.code, revoked.stderr).to.equal(0);
      expect(revoked.stdout).to.match(/^revoked 1 token\(s\):\n/);
      expect((await rejection(gw.whoami())).code).to.equal('UNAUTHENTICATED');

      const viewerHash = rows[2]![3]!.slice('sha256:'.length, 'sha256:'.length + 10);
      expect(agentCommand(['token', 'revoke', '--hash', viewerHash, '--config', agent.configPath]).code).to.equal(0);
      expect((await rejection(viewer.list())).code).to.equal('UNAUTHENTICATED');
      expect((await admin.whoami()).user).to.equal('kyle');
    } finally {
      [gw, viewer, admin].forEach((g) => g.close());
    }
  });

  it('refuses a bad role, a bad or empty --services list (not read as every service) or a revoke without one selector: one line, exit 2, the file untouched', () => {
    const tokensFile = join(agent.dir, 'tokens');
    const before = readFileSync(tokensFile, 'utf8');
    for (const [args, message] of [
      [['token', 'issue', '--user', 'x', '--role', 'superuser'], /invalid role "superuser": use viewer, deployer or admin/],
      [['token', 'issue', '--user', 'x', '--role', 'deployer', '--services', 'web-*,Api/x'], /--services: invalid service glob "Api\/x"/],
      [['token', 'issue', '--user', 'x', '--role', 'viewer', '--services', ''], /--services "" names no service: leave --services out/],
      [['token', 'issue', '--user', 'x', '--role', 'viewer', '--services', ','], /--services "," names no service/],
      [['token', 'issue', '--user', 'x', '--role', 'viewer', '--services', ' , '], /--services " , " names no service/],
      [['token', 'revoke'], /give exactly one of --user <name> or --hash <prefix>/],
      [['token', 'revoke', '--user', 'nobody'], /no token of user "nobody"/],
    ] as const) {
      const r = agentCommand([...args, '--config', agent.configPath]);
      expect([r.code, r.stderr.trim().split('\n').length], r.stderr).to.deep.equal([2, 1]);
      expect(r.stderr).to.match(message);
    }
    expect(readFileSync(tokensFile, 'utf8')).to.equal(before);
  });
});

describe('mcp-agent server with a bad tokens file', function () {
  this.timeout(60000);

  it('refuses to start, exit 2, one line naming the file and the line; nothing rewritten', () => {
    const cfg = writeAgentConfig();
    try {
      appendFileSync(cfg.tokensFile, `sha256:${'ab'.repeat(32)} ci deployer web-*,../etc\n`);
      const before = readFileSync(cfg.tokensFile, 'utf8');
      const r = agentCommand(['server', '--config', cfg.configPath]);
      expect(r.code).to.equal(2);
      expect(r.stderr.trim().split('\n')).to.have.length(1);
      expect(r.stderr.trim()).to.equal(`mcp-agent: tokens file ${cfg.tokensFile} line 3: invalid service glob "../etc": globs are 1-64 of a-z 0-9 - * ? separated by commas`);
      expect(readFileSync(cfg.tokensFile, 'utf8')).to.equal(before);
    } finally {
      cfg.certs.cleanup();
      rmSync(cfg.dir, { recursive: true, force: true });
    }
  });
});
