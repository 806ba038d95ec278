/*
 * Secrets as an operator uses them, and where their values must never be:
 * the built `mcp` binary against a real `mcp-agent` (TLS gRPC, SQLite file,
 * real podman). A unique marker value is set, deployed, rotated, planned,
 * shown, exported in all four formats (compose refuses the env secret), listed in history and events; then
 * every byte the CLI printed (text, --json, --debug), the agent's log (audit
 * lines included), /metrics, the registry, a snapshot and the exports is
 * searched for it. It may only be inside the container (env and file).
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { agentCli } from '../support/agent/agent-process';
import { useE2e } from '../support/e2e/e2e-harness';
import { httpGet } from '../support/http';
import { usePodmanFixture } from '../support/podman/podman-fixture';

const IDLE = `["/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]`;

describe('e2e: secrets never shown, against a real agent and podman', function () {
  this.timeout(240_000);
  const pod = usePodmanFixture();
  const e2e = useE2e(() => ({ ...pod().env }));
  const seen: string[] = [];
  /** Runs mcp and keeps every byte it printed for the final search. */
  async function mcp(args: readonly string[], input?: string) {
    const r = await e2e().runMcp(args, input !== undefined ? { input } : {});
    seen.push(`$ mcp ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
    return r;
  }
  let svc = '';

  after(async () => {
    // The fixture removes the containers with podman itself: their podman secrets are this test's to remove.
    if (svc === '') return;
    const { stdout } = await pod().podman(['secret', 'ls', '--format={{.Name}}']);
    const left = stdout.split('\n').filter((n) => n.startsWith(`mcp-${svc}-`));
    if (left.length > 0) await pod().podman(['secret', 'rm', ...left]);
  });

  it('runs a secret only inside the container; no output, log, metric, export or database holds it', async () => {
    const first = `marker-${randomBytes(12).toString('hex')}`;
    const second = `marker-${randomBytes(12).toString('hex')}`;
    svc = pod().name('sec');
    e2e().writeService(
      svc,
      `name = "${svc}"\nnode = "rift"\n\n[[components]]\nname = "api"   # the API\nimage = "${pod().images.app}"\ncmd = ${IDLE}\nenv = { LOG_LEVEL = "info" }\nsecrets = { DB_PASSWORD = "db-password" }\nsecret_files = { "/run/secrets/db" = "db-password" }\n`,
    );

    // Plan says first what deploy would refuse, and counts it as an error (not as changes pending).
    const planned = await mcp(['plan', svc, '--detailed-exitcode']);
    expect(planned.code, planned.stdout).to.equal(1);
    expect(planned.stdout).to.contain(`  ! api  secret db-password not set on rift (mcp secret set ${svc} db-password)\n`);

    const refused = await mcp(['deploy', svc]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain('holds no secret db-password');
    expect(refused.stderr).to.contain(`service ${svc} component api: secrets.DB_PASSWORD`);

    const set = await mcp(['secret', 'set', svc, 'db-password'], first);
    expect(set.code, set.stderr).to.equal(0);
    expect(set.stdout).to.contain(`set secret db-password of ${svc} on rift: version 1, ${first.length} bytes`);
    const ready = await mcp(['plan', svc, '--detailed-exitcode']);
    expect([ready.code, ready.stdout]).to.deep.equal([4, `${svc} on rift (new service)\n  + api  new component\nchanges pending: \`mcp deploy <service>\` applies them\n`]);
    const deployed = await mcp(['deploy', svc]);
    expect(deployed.code, deployed.stderr).to.equal(0);
    const container = `${svc}-api`;
    expect((await pod().podman(['exec', container, 'sh', '-c', 'printf %s "$DB_PASSWORD"'])).stdout).to.equal(first);
    expect((await pod().podman(['exec', container, 'cat', '/run/secrets/db'])).stdout).to.equal(first);

    expect((await mcp(['plan', svc])).stdout).to.contain('= api');
    expect((await mcp(['secret', 'set', svc, 'db-password', '--json', '--debug'], second)).code).to.equal(0);
    const plan = await mcp(['plan', svc]);
    expect(plan.stdout).to.contain('~ api  secret db-password changed');
    await mcp(['plan', svc, '--json']);
    const rotated = await mcp(['deploy', svc, '--debug']);
    expect(rotated.code, rotated.stderr).to.equal(0);
    expect((await pod().podman(['exec', container, 'cat', '/run/secrets/db'])).stdout).to.equal(second);
    expect((await mcp(['plan', svc])).stdout).to.contain('= api');

    const list = await mcp(['secret', 'list', svc]);
    expect(list.stdout).to.match(/db-password\s+2\s+\d+B\s+\S+\s+kyle\s+api/);
    const used = await mcp(['secret', 'rm', svc, 'db-password']);
    expect(used.code).to.equal(1);
    expect(used.stderr).to.contain(`used by ${svc}/api`);

    for (const args of [
      ['secret', 'list', svc, '--json'],
      ['service', 'show', svc],
      ['status', svc, '--json'],
      ['list', '--json'],
      ['ps'],
      ['history', svc],
      ['history', svc, '--json'],
      ['events', svc, '--json'],
      ['rollback', svc, '--debug'],
    ]) {
      const r = await mcp(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).to.equal(0);
    }
    // The rollback ran the first version again: revision 1 used it and it was kept.
    expect((await pod().podman(['exec', container, 'cat', '/run/secrets/db'])).stdout).to.equal(first);

    const exportDir = join(e2e().dir, 'exports');
    mkdirSync(join(exportDir, 'quadlet'), { recursive: true });
    for (const [format, path] of [['toml', 'svc.toml'], ['kube', 'svc.kube.yaml'], ['quadlet', 'quadlet']] as const) {
      const r = await mcp(['service', 'export', svc, '--format', format, '-f', join(exportDir, path)]);
      expect(r.code, r.stderr).to.equal(0);
    }
    // compose cannot set a variable from a secret: refused, naming it, and nothing written.
    const compose = await mcp(['service', 'export', svc, '--format', 'compose', '-f', join(exportDir, 'svc.compose.yaml')]);
    expect(compose.code, compose.stderr).to.equal(2);
    expect(compose.stderr).to.contain(`cannot export service ${svc} to compose: component api: secrets.DB_PASSWORD "db-password"`);
    expect(existsSync(join(exportDir, 'svc.compose.yaml'))).to.equal(false);
    const exported = readdirSync(exportDir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => readFileSync(join(d.parentPath ?? d.path, d.name), 'utf8'));
    expect(exported.join('\n')).to.contain('secrets = { DB_PASSWORD = "db-password" }').and.contain('secretKeyRef').and.contain('Secret=');

    const agent = e2e().agent;
    const metrics = agent.metricsPort !== undefined ? await httpGet(`http://127.0.0.1:${agent.metricsPort}/metrics`) : '';
    expect(metrics).to.contain('mcp_');
    const snapshot = agentCli(['snapshot', '--config', agent.configPath]).trim().split('\n').pop()!;
    // The -wal may be gone after a checkpoint; the database and the snapshot must be there to be searched.
    const wal = `${agent.dbPath}-wal`;
    const stores = [agent.dbPath, snapshot, ...(existsSync(wal) ? [wal] : [])].map((f) => readFileSync(f));
    for (const bytes of stores.slice(0, 2)) expect(bytes.length).to.be.greaterThan(0);

    const everything = [seen.join('\n'), agent.logs.join('\n'), metrics, exported.join('\n')].join('\n');
    expect(agent.logs.join('\n')).to.contain('SetSecret');
    for (const marker of [first, second]) {
      expect(everything.includes(marker), `marker found in CLI output, agent log, metrics or exports`).to.equal(false);
      for (const bytes of stores) expect(bytes.includes(Buffer.from(marker)), 'marker found in the registry or a snapshot').to.equal(false);
    }
  });
});
