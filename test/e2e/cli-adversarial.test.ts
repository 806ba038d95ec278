/*
 * What goes wrong, end to end: a dead node beside a live one, hostile paths
 * and names, a token without the admin role, a bad service file, no token.
 * Each must give a one-line error and the documented exit code, and leave
 * nothing behind (no file outside the service's directory, no container).
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oneLineError, useE2e } from '../support/e2e/e2e-harness';
import { freePort } from '../support/net/free-port';
import { containerNames } from '../support/e2e/podman-state';
import { usePodmanFixture } from '../support/podman/podman-fixture';

describe('e2e: mcp CLI failure cases against a real agent', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();
  const e2e = useE2e(() => ({ ...pod().env }));
  const mcp = (args: readonly string[], opts = {}) => e2e().runMcp(args, opts);
  const auditLines = () => e2e().agent.logs.filter((l) => l.includes('"audit":true')).length;
  let svc: string;

  before('one running service', async function () {
    svc = pod().name('adv');
    e2e().writeService(svc, `name = "${svc}"\nnode = "rift"\n\n[[components]]\nname = "app"\nimage = "${pod().images.app}"\n`);
    const r = await mcp(['deploy', svc]);
    expect(r.code, r.stderr).to.equal(0);
  });

  describe('a dead node beside a live one', () => {
    let config: string;
    before(async () => {
      config = join(e2e().dir, 'two-nodes.toml');
      writeFileSync(config, readFileSync(e2e().configPath, 'utf8'));
      const r = await mcp(['node', 'add', 'vade', `127.0.0.1:${await freePort()}`], { config });
      expect(r.code, r.stderr).to.equal(0);
    });

    for (const cmd of ['list', 'ps', 'status'] as const) {
      it(`${cmd}: the live node's rows AND an error row for the dead one, exit 1`, async () => {
        const r = await mcp([cmd], { config });
        expect(r.code, r.stderr).to.equal(1);
        expect(r.stdout).to.match(new RegExp(`^rift +\\S*${svc.slice(-5)}\\S* +`, 'm'));
        expect(r.stdout).to.match(/^vade {2}ERROR NODE_UNAVAILABLE: node vade unavailable: [^\n]+$/m);
        expect(r.stderr).not.to.match(/\n\s+at /);

        const j = await mcp([cmd, '--json'], { config });
        expect(j.code).to.equal(1);
        const nodes = (JSON.parse(j.stdout) as { nodes: { node: string; ok: boolean; error?: { code: string } }[] }).nodes;
        expect(nodes.map((n) => [n.node, n.ok, n.error?.code])).to.deep.equal([
          ['rift', true, undefined],
          ['vade', false, 'NODE_UNAVAILABLE'],
        ]);
      });
    }

    it('stop / start of a service filed for the dead node: exit 1, "left unchanged", and the file is byte for byte as it was', async () => {
      const name = pod().name('onvade');
      const text = `# filed for vade, comments kept\nname = "${name}"\nnode = "vade"\n\n[[components]]\nname = "app"\nimage = "${pod().images.app}"\n`;
      const path = e2e().writeService(name, text);
      try {
        for (const action of ['stop', 'start']) {
          const r = await mcp([action, name], { config });
          expect(r.code, r.stderr).to.equal(1);
          const line = oneLineError(r);
          expect(line).to.match(/^mcp: node vade unavailable: /);
          expect(line.endsWith(`; ${path} left unchanged`), line).to.equal(true);
          expect(readFileSync(path, 'utf8')).to.equal(text);
        }
      } finally {
        rmSync(path);
      }
    });
  });

  describe('hostile file paths for push / pull', () => {
    let outside: string;
    let local: string;
    before(() => {
      outside = mkdtempSync(join(tmpdir(), 'mcp-e2e-outside-'));
      writeFileSync(join(outside, 'secret'), 'do not touch\n');
      // Made on the node, as if by someone with a shell there.
      const serviceDir = join(e2e().agent.servicesRoot, svc);
      mkdirSync(serviceDir, { recursive: true });
      symlinkSync(outside, join(serviceDir, 'out'));
      symlinkSync(join(outside, 'secret'), join(serviceDir, 'secret-link'));
      local = join(e2e().dir, 'payload');
      writeFileSync(local, 'payload\n');
    });
    after(() => rmSync(outside, { recursive: true, force: true }));

    const hostile = ['../../etc/passwd', '/etc/passwd', 'out/new-file', 'secret-link'];
    for (const path of hostile) {
      it(`push to ${JSON.stringify(path)}: one-line error, exit 2, nothing written outside`, async () => {
        const r = await mcp(['push', local, svc, path]);
        expect(r.code, r.stdout + r.stderr).to.equal(2);
        expect(oneLineError(r)).to.match(/path|outside|absolute|\.\./i);
        expect(r.stdout).to.equal('');
        expect(readFileSync(join(outside, 'secret'), 'utf8')).to.equal('do not touch\n');
        expect(existsSync(join(outside, 'new-file'))).to.equal(false);
        expect(readFileSync('/etc/passwd', 'utf8')).not.to.contain('payload');
        // `../../etc/passwd` from <services_root>/<service>/ would land in the agent's own dir.
        expect(existsSync(join(e2e().agent.servicesRoot, '..', 'etc'))).to.equal(false);
      });

      it(`pull of ${JSON.stringify(path)}: one-line error, exit 2, no local file written`, async () => {
        const cwd = mkdtempSync(join(tmpdir(), 'mcp-e2e-pull-'));
        try {
          const r = await mcp(['pull', svc, path], { cwd });
          expect(r.code, r.stdout + r.stderr).to.equal(2);
          expect(oneLineError(r)).to.match(/path|outside|absolute|\.\./i);
          expect(r.stdout).to.equal('');
          expect(r.stderr).not.to.contain('do not touch');
          expect(readFileSync(join(outside, 'secret'), 'utf8')).to.equal('do not touch\n');
          expect(existsSync(join(cwd, 'passwd'))).to.equal(false);
          expect(existsSync(join(cwd, 'secret-link'))).to.equal(false);
        } finally {
          rmSync(cwd, { recursive: true, force: true });
        }
      });
    }
  });

  describe('a viewer token', () => {
    let viewerToken: string;
    before(() => {
      viewerToken = join(e2e().dir, 'viewer-token');
      writeFileSync(viewerToken, `${e2e().agent.viewerToken}\n`, { mode: 0o600 });
    });

    it('deploy / restart / push: exit 3 with a one-line "lacks role deployer|admin"; the container is untouched', async () => {
      const before = (await pod().podman(['container', 'inspect', '--format={{.State.StartedAt}}', `${svc}-app`])).stdout;
      const audits = auditLines();
      for (const args of [['deploy', svc], ['restart', svc], ['push', join(e2e().servicesDir, `${svc}.toml`), svc]]) {
        const r = await mcp(args, { env: { MCP_AUTH_TOKEN_PATH: viewerToken } });
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).to.equal(3);
        expect(oneLineError(r)).to.match(args[0] === 'push' ? /\(viewer\) lacks role admin: PushFile needs it/ : /\(viewer\) lacks role deployer: (Deploy|DeployWatch|RestartService) needs it/);
      }
      expect((await pod().podman(['container', 'inspect', '--format={{.State.StartedAt}}', `${svc}-app`])).stdout).to.equal(before);
      expect(existsSync(join(e2e().agent.servicesRoot, svc, `${svc}.toml`))).to.equal(false);
      // These calls did reach the agent (and were refused there): the audit counter used below is live.
      expect(auditLines()).to.equal(audits + 3);
    });

    it('stop / start with a viewer token: exit 3, one line saying the file was left unchanged; the file and the container are as they were', async () => {
      const path = join(e2e().servicesDir, `${svc}.toml`);
      const text = readFileSync(path, 'utf8');
      const started = (await pod().podman(['container', 'inspect', '--format={{.State.Status}} {{.State.StartedAt}}', `${svc}-app`])).stdout;
      for (const action of ['stop', 'start']) {
        const r = await mcp([action, svc], { env: { MCP_AUTH_TOKEN_PATH: viewerToken } });
        expect(r.code, r.stderr).to.equal(3);
        const line = oneLineError(r);
        expect(line).to.match(/\(viewer\) lacks role deployer: (Stop|Start)Service needs it; /);
        expect(line.endsWith(`; ${path} left unchanged (PERMISSION_DENIED)`), line).to.equal(true);
        expect(readFileSync(path, 'utf8'), `${action}: the file`).to.equal(text);
      }
      expect((await pod().podman(['container', 'inspect', '--format={{.State.Status}} {{.State.StartedAt}}', `${svc}-app`])).stdout).to.equal(started);
    });

    it('list and whoami: a viewer reads every service but no unmanaged container, exit 0', async () => {
      const r = await mcp(['list'], { env: { MCP_AUTH_TOKEN_PATH: viewerToken } });
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.include(svc).and.not.include('(unmanaged)');
      const w = await mcp(['whoami'], { env: { MCP_AUTH_TOKEN_PATH: viewerToken } });
      expect(w.code, w.stderr).to.equal(0);
      expect(w.stdout).to.match(/^rift +vi +viewer +\*$/m);
    });
  });

  describe('hostile service names', () => {
    const cases: readonly (readonly string[])[] = [
      ['push', '/etc/hostname', '--', '--privileged'],
      ['push', '/etc/hostname', '../x'],
      ['deploy', '--', '--privileged'],
      ['deploy', '../x'],
      ['stop', '--', '--privileged'],
      ['start', '../x'],
      ['restart', '--', '--privileged'],
      ['adopt', '--', '--privileged'],
      ['adopt', '../x'],
      ['status', '../x'],
      ['service', 'show', '--', '--privileged'],
      ['service', 'export', '../x'],
      ['pull', '../x', 'f'],
    ];
    for (const args of cases) {
      it(`mcp ${args.join(' ')}: exit 2, one line, nothing sent, nothing created`, async () => {
        const audits = auditLines();
        const r = await mcp(args);
        expect(r.code, r.stderr).to.equal(2);
        expect(oneLineError(r)).to.match(/invalid service name|unknown option/);
        expect(auditLines()).to.equal(audits);
        expect(await containerNames(pod(), 'privileged')).to.deep.equal([]);
        expect(existsSync(join(e2e().servicesDir, '..', 'x.toml'))).to.equal(false);
        expect(existsSync(join(e2e().agent.servicesRoot, '..', 'x'))).to.equal(false);
        expect(existsSync(join(e2e().agent.servicesRoot, '--privileged'))).to.equal(false);
      });
    }
  });

  describe('bad local files', () => {
    const badFiles = [
      { what: 'an unknown key in a service file: exit 2 naming the file and the key', label: 'bad', node: 'rift', extra: 'privileged = true\n', says: 'privileged' },
      { what: 'a file naming a node that is not in [[nodes]]: exit 2 with the `mcp node add` hint', label: 'elsewhere', node: 'vade', extra: '', says: 'mcp node add vade' },
    ];
    for (const bad of badFiles) {
      it(`${bad.what}; nothing sent`, async () => {
        const name = pod().name(bad.label);
        const path = e2e().writeService(name, `name = "${name}"\nnode = "${bad.node}"\n\n[[components]]\nname = "app"\nimage = "${pod().images.app}"\n${bad.extra}`);
        try {
          const audits = auditLines();
          for (const args of [['deploy', name], ['sync']]) {
            const r = await mcp(args);
            expect(r.code, r.stderr).to.equal(2);
            const line = oneLineError(r);
            expect(line).to.contain(path);
            expect(line).to.contain(bad.says);
          }
          expect(auditLines()).to.equal(audits);
          expect(await containerNames(pod(), name)).to.deep.equal([]);
        } finally {
          rmSync(path);
        }
      });
    }

    it('a node_timeout past 24h (the file, or MCP_CLI_NODE_TIMEOUT): exit 2, one line naming file, key and value; no Node timer warning; nothing sent', async () => {
      const config = join(e2e().dir, 'long-timeout.toml');
      writeFileSync(config, readFileSync(e2e().configPath, 'utf8').replace('[[nodes]]', '[cli]\nnode_timeout = "30d"\n\n[[nodes]]'));
      const audits = auditLines();
      const fromFile = await mcp(['list'], { config });
      expect(fromFile.code, fromFile.stderr).to.equal(2);
      expect(oneLineError(fromFile)).to.equal(`mcp: ${config}: cli.node_timeout: "30d" is too long: use at most 24h`);
      const fromEnv = await mcp(['list'], { env: { MCP_CLI_NODE_TIMEOUT: '100000h' } });
      expect(fromEnv.code, fromEnv.stderr).to.equal(2);
      expect(oneLineError(fromEnv)).to.equal(`mcp: ${e2e().configPath}: cli.node_timeout: "100000h" is too long: use at most 24h (set by MCP_CLI_NODE_TIMEOUT)`);
      expect(auditLines()).to.equal(audits);
      // 24h itself is fine: the node answers.
      const day = await mcp(['list'], { env: { MCP_CLI_NODE_TIMEOUT: '24h' } });
      expect([day.code, day.stderr], day.stderr).to.deep.equal([0, '']);
    });

    it('a missing token file: exit 3 with the `mcp login` hint', async () => {
      const r = await mcp(['restart', svc], { env: { MCP_AUTH_TOKEN_PATH: join(e2e().dir, 'no-token') } });
      expect(r.code).to.equal(3);
      expect(oneLineError(r)).to.contain('mcp login');
    });

    it('--debug adds the stack trace; without it there is none', async () => {
      const without = await mcp(['restart', pod().name('nobody')]);
      expect(without.code).to.equal(1);
      oneLineError(without);
      const withDebug = await mcp(['--debug', 'restart', pod().name('nobody')]);
      expect(withDebug.code).to.equal(1);
      expect(withDebug.stderr).to.match(/\n\s+at /);
    });
  });
});
