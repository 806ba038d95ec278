import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { GrpcAgentGateway } from '../../../src/adapters/grpc/client/grpc-agent.gateway';
import { openSqliteRegistry } from '../../../src/adapters/registry/typeorm/sqlite-registry.factory';
import { AGENT_MAIN, type RunningAgent, agentCli, startAgentProcess, writeAgentConfig } from '../../support/agent/agent-process';
import { corruptServicesPage } from '../../support/registry/corrupt-registry';

function gatewayFor(agent: RunningAgent, token = agent.adminToken) {
  return new GrpcAgentGateway({ name: 'rift', address: agent.address }, { caCert: agent.certs.ca, token, timeoutMs: 5000, mutationTimeoutMs: 5000, maxMessageBytes: 8 << 20 });
}

/** One service in a registry file the agent will open. */
async function saveMetacrypt(dbPath: string): Promise<void> {
  const db = await openSqliteRegistry(dbPath);
  await db.registry.saveService({ name: 'metacrypt', node: 'rift', active: true, components: [{ spec: { name: 'api', image: 'img:v1', restart: 'unless-stopped', pull: 'always', ports: [], volumes: [], cmd: [], env: {} }, desired: 'running', observed: 'running', version: 'v1' }] });
  await db.close();
}

describe('mcp-agent (real process, TLS, SQLite file)', function () {
  this.timeout(60000);

  describe('server', () => {
    let agent: RunningAgent;
    before(async () => (agent = await startAgentProcess()));
    after(async () => agent.cleanup());

    it('serves authenticated calls, refuses others, and audits every call as JSON', async () => {
      const admin = gatewayFor(agent);
      const viewer = gatewayFor(agent, agent.viewerToken);
      const stranger = gatewayFor(agent, 'not-a-token');
      try {
        expect((await admin.list()).node).to.equal('rift');
        expect((await viewer.pull({ service: 'metacrypt', path: 'x' }).catch((e) => e)).code).to.equal('PERMISSION_DENIED');
        expect((await stranger.list().catch((e) => e)).code).to.equal('UNAUTHENTICATED');
      } finally {
        [admin, viewer, stranger].forEach((g) => g.close());
      }
      await new Promise((r) => setTimeout(r, 200));
      const audit = agent.logs.filter((l) => l.includes('"audit":true')).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(audit.map((a) => [a['method'], a['user'], a['role'], a['service'], a['code']])).to.deep.equal([
        ['ListServices', 'kyle', 'admin', '', 'OK'],
        ['PullFile', 'vi', 'viewer', 'metacrypt', 'PERMISSION_DENIED'],
        ['ListServices', 'anonymous', '', '', 'UNAUTHENTICATED'],
      ]);
      expect(agent.logs.join('\n')).to.not.include(agent.adminToken);
    });

    it('moves files through the real file store under services_root', async () => {
      const gw = gatewayFor(agent);
      try {
        await gw.push({ service: 'metacrypt', path: 'conf/app.toml', content: Buffer.from('x = 1\n'), mode: 0o640 });
        expect(readFileSync(`${agent.servicesRoot}/metacrypt/conf/app.toml`, 'utf8')).to.equal('x = 1\n');
        const pulled = await gw.pull({ service: 'metacrypt', path: 'conf/app.toml' });
        expect([Buffer.from(pulled.content).toString(), pulled.mode]).to.deep.equal(['x = 1\n', 0o640]);
        expect((await gw.push({ service: 'metacrypt', path: '../../etc/x', content: Buffer.from(''), mode: 0 }).catch((e) => e)).code).to.equal('INVALID_PATH');
      } finally {
        gw.close();
      }
    });

    it('stops cleanly on SIGTERM: exit 0, database closed and consistent', async () => {
      expect(await agent.stop('SIGTERM')).to.equal(0);
      expect(agent.logs.some((l) => l.includes('"shutting down"'))).to.equal(true);
      expect(agent.logs.some((l) => l.includes('"stopped"'))).to.equal(true);
      const db = await openSqliteRegistry(agent.dbPath);
      try {
        expect(db.ranMigrations).to.deep.equal([]);
        expect(await db.registry.listServices()).to.deep.equal([]);
      } finally {
        await db.close();
      }
    });
  });

  describe('refusing to start', () => {
    const run = (configPath: string) => spawnSync(process.execPath, [AGENT_MAIN, 'server', '--config', configPath], { encoding: 'utf8', timeout: 20000 });

    it('names the file, key and reason for a bad config, exit 2', () => {
      const cfg = writeAgentConfig();
      try {
        writeFileSync(cfg.configPath, readFileSync(cfg.configPath, 'utf8').replace('interval = "60s"', 'interval = "60"'));
        const r = run(cfg.configPath);
        expect(r.status).to.equal(2);
        expect(r.stderr.trim().split('\n')).to.have.length(1);
        expect(r.stderr).to.include(cfg.configPath).and.include('monitor.interval');
      } finally {
        cfg.certs.cleanup();
        rmSync(cfg.dir, { recursive: true, force: true });
      }
    });

    it('refuses to start without its TLS key', () => {
      const cfg = writeAgentConfig();
      try {
        rmSync(cfg.certs.keyPath);
        const r = run(cfg.configPath);
        expect(r.status).to.equal(2);
        expect(r.stderr).to.match(/server\.tls_key: cannot read .* TLS only/);
        expect(existsSync(cfg.dbPath)).to.equal(false);
      } finally {
        cfg.certs.cleanup();
        rmSync(cfg.dir, { recursive: true, force: true });
      }
    });

    it('refuses a corrupt registry: one line naming the file and the restore command, exit 2; restore brings it back', async () => {
      const cfg = writeAgentConfig();
      try {
        await saveMetacrypt(cfg.dbPath);
        const snapshot = agentCli(['snapshot', '--config', cfg.configPath]).trim();
        await corruptServicesPage(cfg.dbPath);

        const r = run(cfg.configPath);
        expect(r.status).to.equal(2);
        expect(r.stdout).to.equal('');
        expect(r.stderr.trim().split('\n')).to.have.length(1);
        expect(r.stderr.trim()).to.equal(
          `mcp-agent: registry ${cfg.dbPath} is corrupt (${r.stderr.match(/is corrupt \((.*)\); not starting/)![1]}); not starting: restore the newest snapshot: mcp-agent restore --config ${cfg.configPath} ${snapshot}`,
        );

        const restored = spawnSync(process.execPath, [AGENT_MAIN, 'restore', '--config', cfg.configPath, snapshot], { encoding: 'utf8', timeout: 20000 });
        expect(restored.status, restored.stderr).to.equal(0);
        expect(restored.stdout).to.include(`restored ${cfg.dbPath} from ${snapshot}`).and.include(`moved aside: ${cfg.dbPath}.before-restore-`);

        const again = spawnSync(process.execPath, [AGENT_MAIN, 'restore', '--config', cfg.configPath, snapshot], { encoding: 'utf8', timeout: 20000 });
        expect([again.status, again.stderr.trim().split('\n').length]).to.deep.equal([2, 1]);
        expect(again.stderr).to.include('passes quick_check').and.include('--force');

        const agent = await startAgentProcess({ written: cfg });
        const gw = gatewayFor(agent);
        try {
          expect((await gw.list()).services.map((s) => s.spec.name)).to.deep.equal(['metacrypt']);
        } finally {
          gw.close();
          await agent.cleanup();
        }
      } finally {
        cfg.certs.cleanup();
        rmSync(cfg.dir, { recursive: true, force: true });
      }
    });

    it('refuses a missing config file naming it', () => {
      const r = run('/nonexistent/mcp-agent.toml');
      expect(r.status).to.equal(2);
      expect(r.stderr).to.include('/nonexistent/mcp-agent.toml');
    });
  });

  describe('snapshot and token issue', () => {
    it('snapshot writes a valid copy named mcp-<UTC>.db and leaves the original alone', async () => {
      const cfg = writeAgentConfig();
      try {
        await saveMetacrypt(cfg.dbPath);
        const out = agentCli(['snapshot', '--config', cfg.configPath]).trim();
        expect(out).to.match(/\/backups\/mcp-\d{8}T\d{6}Z\.db$/);
        expect(readdirSync(cfg.backupDir)).to.have.length(1);
        const copy = await openSqliteRegistry(out);
        try {
          expect((await copy.registry.getService('metacrypt'))!.components[0]!.version).to.equal('v1');
        } finally {
          await copy.close();
        }
        const original = await openSqliteRegistry(cfg.dbPath);
        expect((await original.registry.listServices()).map((s) => s.name)).to.deep.equal(['metacrypt']);
        await original.close();
      } finally {
        cfg.certs.cleanup();
        rmSync(cfg.dir, { recursive: true, force: true });
      }
    });

    it('token issue prints a token once and stores only its hash', () => {
      const cfg = writeAgentConfig();
      try {
        const stored = readFileSync(cfg.tokensFile, 'utf8');
        expect(stored).to.not.include(cfg.adminToken);
        expect(stored).to.match(/^sha256:[0-9a-f]{64} kyle admin$/m);
        expect(cfg.adminToken).to.match(/^[A-Za-z0-9_-]{40,}$/);
      } finally {
        cfg.certs.cleanup();
        rmSync(cfg.dir, { recursive: true, force: true });
      }
    });

    it('--help lists every command', () => {
      const help = execFileSync(process.execPath, [AGENT_MAIN, '--help'], { encoding: 'utf8' });
      for (const cmd of ['server', 'snapshot', 'token']) expect(help).to.include(cmd);
      expect(execFileSync(process.execPath, [AGENT_MAIN, 'token', '--help'], { encoding: 'utf8' })).to.include('issue');
    });
  });
});
