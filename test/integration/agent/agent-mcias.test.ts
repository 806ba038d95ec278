import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningAgent, startAgentProcess } from '../../support/agent/agent-process';
import { FakeMcias } from '../../support/identity/fake-mcias';
import { repoRoot } from '../../support/repo-root';
import { type TestCerts, makeTestCerts } from '../../support/tls/test-ca';

const CLI_MAIN = join(repoRoot, 'dist/src/bootstrap/cli/main.js');

function mcp(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_MAIN, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Both binaries with `[mcias]` against a real HTTPS identity service on 127.0.0.1. */
describe('identity through MCIAS: mcp login and the agent, as real processes', function () {
  this.timeout(60000);
  let certs: TestCerts;
  let mcias: FakeMcias;
  let agent: RunningAgent;
  let dir: string;
  let env: Record<string, string>;
  let tokenPath: string;

  before(async () => {
    certs = makeTestCerts();
    mcias = new FakeMcias(certs);
    await mcias.start();
    agent = await startAgentProcess({ mcias: { serverUrl: mcias.url, caCertPath: certs.caPath } });
    dir = mkdtempSync(join(tmpdir(), 'mcp-cli-mcias-'));
    tokenPath = join(dir, 'token');
    writeFileSync(join(dir, 'password'), 'hunter2\n', { mode: 0o600 });
    writeFileSync(
      join(dir, 'mcp.toml'),
      `[services]\ndir = "${join(dir, 'services')}"\n[auth]\ntoken_path = "${tokenPath}"\nusername = "kyle"\npassword_file = "${join(dir, 'password')}"\n` +
        `[mcias]\nserver_url = "${mcias.url}"\nca_cert = "${certs.caPath}"\nservice_name = "mcp"\n[tls]\nca_cert = "${agent.certs.caPath}"\n` +
        `[[nodes]]\nname = "rift"\naddress = "${agent.address}"\n`,
    );
    env = { MCP_CONFIG: join(dir, 'mcp.toml') };
  });
  after(async () => {
    await agent?.cleanup();
    await mcias?.stop();
    certs?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('mcp login (unattended: username + password_file) saves the MCIAS token 0600', async () => {
    const r = await mcp(['login'], env);
    expect(r.code, r.stderr).to.equal(0);
    expect(readFileSync(tokenPath, 'utf8').trim()).to.equal('tok-kyle');
    expect(statSync(tokenPath).mode & 0o777).to.equal(0o600);
    const login = mcias.seen.find((s) => s.url === '/v1/auth/login')!;
    expect(JSON.parse(login.body)).to.deep.equal({ username: 'kyle', password: 'hunter2', service_name: 'mcp' });
  });

  it('the agent validates that token with MCIAS, once per 30 s', async () => {
    const validations = () => mcias.seen.filter((s) => s.url === '/v1/token/validate').length;
    const before = validations();
    for (let i = 0; i < 2; i++) {
      const r = await mcp(['list'], env);
      expect(r.code, r.stderr).to.equal(0);
    }
    expect(validations() - before).to.equal(1);
  });

  it('MCIAS roles viewer, deployer, admin map to the same roles (unscoped); none of them is refused with exit 3', async () => {
    const whoami = async (token: string) => {
      writeFileSync(tokenPath, `${token}\n`, { mode: 0o600 });
      return mcp(['whoami', '--json'], env);
    };
    for (const [token, user, role] of [['tok-kyle', 'kyle', 'admin'], ['tok-ci', 'ci', 'deployer'], ['tok-guest', 'guest', 'viewer']] as const) {
      const r = await whoami(token);
      expect(r.code, r.stderr).to.equal(0);
      expect(JSON.parse(r.stdout).nodes[0]).to.deep.include({ user, role, services: [] });
    }
    writeFileSync(tokenPath, 'tok-guest\n', { mode: 0o600 });
    const list = await mcp(['list'], env);
    expect(list.code, list.stderr).to.equal(0);
    const r = await whoami('tok-ops');
    expect(r.code).to.equal(3);
    expect(JSON.parse(r.stdout).nodes[0].error).to.deep.equal({ code: 'PERMISSION_DENIED', message: 'node rift: user ops has none of the roles viewer, deployer, admin' });
  });

  it('a wrong password is refused by MCIAS with exit 3, and no token is written', async () => {
    writeFileSync(join(dir, 'password'), 'wrong\n', { mode: 0o600 });
    rmSync(tokenPath);
    const r = await mcp(['login'], env);
    expect(r.code).to.equal(3);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(/login refused by MCIAS/);
    expect(() => statSync(tokenPath)).to.throw();
  });
});
