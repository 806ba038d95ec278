/*
 * Every command of SPEC "CLI", as an operator runs it: the built `mcp`
 * binary against a real `mcp-agent` (TLS gRPC, SQLite file, real podman).
 * One agent for the whole describe; each test works on its own services.
 */
import { expect } from 'chai';
import { chmodSync, copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadServiceDefinition } from '../../src/adapters/definitions/toml/service-definition.loader';
import { oneLineError, useE2e } from '../support/e2e/e2e-harness';
import { containerStatus, inspectContainer } from '../support/e2e/podman-state';
import { usePodmanFixture } from '../support/podman/podman-fixture';

interface Row {
  readonly name: string;
  readonly container: string;
  readonly desired: string;
  readonly observed: string;
  readonly drift: boolean;
}
interface NodeAnswer {
  readonly node: string;
  readonly ok: boolean;
  readonly services?: { spec: { name: string; active: boolean }; components: Row[] }[];
  readonly unmanaged?: { name: string; image: string; observed: string }[];
  readonly results?: { service: string; change: string; details: string[] }[];
  readonly error?: { code: string; message: string };
}

describe('e2e: mcp CLI against a real agent and podman', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();
  const e2e = useE2e(() => ({ ...pod().env }));

  const mcp = (args: readonly string[], opts = {}) => e2e().runMcp(args, opts);
  const json = async <T>(args: readonly string[]): Promise<T> => {
    const r = await mcp([...args, '--json']);
    expect(r.code, `mcp ${args.join(' ')}: ${r.stderr}`).to.equal(0);
    return JSON.parse(r.stdout) as T;
  };
  const serviceText = (name: string, components: string, head = '') =>
    `# ${name}: written by the e2e test\n${head}name = "${name}"\nnode = "rift"   # the only node\nactive = true   # keep running\n\n${components}`;
  const component = (name: string, image: string, extra = '') => `[[components]]\nname = "${name}"  # component\nimage = "${image}"\n${extra}\n`;
  const servicesOf = async (cmd: 'list' | 'ps') => {
    const out = await json<{ nodes: NodeAnswer[] }>([cmd]);
    return out.nodes[0]!;
  };

  describe('deploy', () => {
    it('from <dir>/<service>.toml: runs every component with MCP labels, prints one row per component', async () => {
      const svc = pod().name('dep');
      e2e().writeService(svc, serviceText(svc, component('api', pod().images.app, 'env = { LOG_LEVEL = "info" }') + component('worker', pod().images.app, 'cmd = ["sleep", "3600"]')));
      const r = await mcp(['deploy', svc]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.equal('');
      expect(r.stdout).to.contain(`deployed ${svc} on rift (from ${join(e2e().servicesDir, `${svc}.toml`)})`);
      expect(r.stdout).to.match(new RegExp(`^ok +${svc}-api +running +running +v1$`, 'm'));
      expect(r.stdout).to.match(new RegExp(`^ok +${svc}-worker +running +running +v1$`, 'm'));
      const api = await inspectContainer(pod(), `${svc}-api`);
      expect(api.State.Status).to.equal('running');
      expect(api.Config.Labels).to.include({ 'mcp.service': svc, 'mcp.component': 'api' });
      expect(api.Config.Env).to.include('LOG_LEVEL=info');
      expect((await inspectContainer(pod(), `${svc}-worker`)).Config.Cmd).to.deep.equal(['sleep', '3600']);
    });

    it('--json: source file, per-component outcome; <service>/<component> replaces only that container', async () => {
      const svc = pod().name('one');
      const path = e2e().writeService(svc, serviceText(svc, component('a', pod().images.app) + component('b', pod().images.app)));
      const first = await json<{ node: string; source: { kind: string; path: string }; outcome: { service: string; results: { component: string; ok: boolean; version: string }[] } }>(['deploy', svc]);
      expect(first.node).to.equal('rift');
      expect(first.source).to.deep.equal({ kind: 'file', path });
      expect(first.outcome.results.map((x) => [x.component, x.ok, x.version])).to.deep.equal([
        ['a', true, 'v1'],
        ['b', true, 'v1'],
      ]);
      const aBefore = (await inspectContainer(pod(), `${svc}-a`)).Id;
      const bBefore = (await inspectContainer(pod(), `${svc}-b`)).Id;

      writeFileSync(path, serviceText(svc, component('a', pod().images.app) + component('b', pod().images.appV2)));
      const r = await mcp(['deploy', `${svc}/b`]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(new RegExp(`^ok +${svc}-b +running +running +v2$`, 'm'));
      expect(r.stdout).not.to.contain(`${svc}-a `);
      expect((await inspectContainer(pod(), `${svc}-a`)).Id).to.equal(aBefore);
      const b = await inspectContainer(pod(), `${svc}-b`);
      expect(b.Id).not.to.equal(bBefore);
      expect(b.ImageName).to.equal(pod().images.appV2);
    });

    it('-f <file> from anywhere; then, with no file at all, redeploys what the agent holds', async () => {
      const svc = pod().name('ff');
      const elsewhere = join(e2e().dir, 'elsewhere.toml');
      writeFileSync(elsewhere, serviceText(svc, component(svc, pod().images.app)));
      const r = await mcp(['deploy', svc, '-f', elsewhere]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.contain(`(from ${elsewhere})`);
      // Single component named like the service: the container is just <service>.
      const first = (await inspectContainer(pod(), svc)).Id;
      // The file names the service, so the name may be left out.
      const unnamed = await mcp(['deploy', '-f', elsewhere]);
      expect(unnamed.code, unnamed.stderr).to.equal(0);
      expect(unnamed.stdout).to.contain(`(from ${elsewhere})`);
      const before = (await inspectContainer(pod(), svc)).Id;
      expect(before).not.to.equal(first);

      rmSync(elsewhere);
      expect(existsSync(join(e2e().servicesDir, `${svc}.toml`))).to.equal(false);
      const again = await json<{ source: { kind: string }; outcome: { results: { ok: boolean }[] } }>(['deploy', svc]);
      expect(again.source).to.deep.equal({ kind: 'agent' });
      expect(again.outcome.results.map((x) => x.ok)).to.deep.equal([true]);
      const after = await inspectContainer(pod(), svc);
      expect(after.Id).not.to.equal(before);
      expect(after.State.Status).to.equal('running');
    });

    it('neither a file nor the agent knows the service: one-line error naming both, exit 1', async () => {
      const svc = pod().name('ghost');
      const r = await mcp(['deploy', svc]);
      expect(r.code).to.equal(1);
      expect(oneLineError(r)).to.equal(`mcp: no definition for ${svc}: no file ${join(e2e().servicesDir, `${svc}.toml`)} and node(s) rift do not know it`);
      expect(r.stdout).to.equal('');
    });
  });

  describe('list / ps / status', () => {
    let svc: string;
    before(async function () {
      svc = pod().name('rd');
      e2e().writeService(svc, serviceText(svc, component('web', pod().images.app) + component('db', pod().images.app)));
      const r = await mcp(['deploy', svc]);
      expect(r.code, r.stderr).to.equal(0);
    });

    it('list: registry rows as a table and as JSON', async () => {
      const r = await mcp(['list']);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout.split('\n')[0]).to.match(/^NODE +SERVICE +COMPONENT +DESIRED +OBSERVED +VERSION +IMAGE$/);
      expect(r.stdout).to.match(new RegExp(`^rift +${svc} +web +running +running +v1 +\\S*app$`, 'm'));
      const node = await servicesOf('list');
      expect(node.ok).to.equal(true);
      const mine = node.services!.find((s) => s.spec.name === svc)!;
      expect(mine.components.map((c) => [c.name, c.container, c.desired, c.observed, c.drift])).to.deep.equal([
        ['web', `${svc}-web`, 'running', 'running', false],
        ['db', `${svc}-db`, 'running', 'running', false],
      ]);
    });

    it('ps: live rows with container, state, uptime', async () => {
      const r = await mcp(['ps']);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout.split('\n')[0]).to.match(/^NODE +CONTAINER +STATE +HEALTH +UPTIME +VERSION +IMAGE$/);
      // Long container names lose their head to fit 80 columns (down to 12 characters); the tail stays.
      expect(r.stdout).to.match(new RegExp(`^rift +\\S*${svc.slice(-6)}-web +running +none +\\d+[smhd]\\S* +v1 +\\S*app$`, 'm'));
      const node = await servicesOf('ps');
      const web = node.services!.find((s) => s.spec.name === svc)!.components.find((c) => c.name === 'web')!;
      expect(web.observed).to.equal('running');
    });

    it('status shows drift after `podman stop` behind the agent\'s back', async () => {
      await pod().podman(['stop', '--time=0', `${svc}-db`]);
      const r = await mcp(['status', svc]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout.split('\n')[0]).to.match(/^NODE +SERVICE +COMPONENT +DESIRED +OBSERVED +HEALTH +DRIFT +VERSION$/);
      expect(r.stdout).to.match(new RegExp(`^rift +${svc} +db +running +exited +none +DRIFT +v1$`, 'm'));
      expect(r.stdout).to.match(new RegExp(`^rift +${svc} +web +running +running +none +v1$`, 'm'));
      expect(r.stdout).to.contain(`! 1 component(s) drifting: rift/${svc}/db (running, exited)`);
      expect(r.stdout).to.match(new RegExp(`rift +${svc}/db +running -> exited`));

      const out = await json<{ nodes: { node: string; services: { service: { components: Row[] }; recentEvents: { component: string; from: string; to: string }[] }[] }[] }>(['status', svc]);
      const s = out.nodes[0]!.services[0]!;
      expect(s.service.components.find((c) => c.name === 'db')).to.include({ desired: 'running', observed: 'exited', drift: true });
      expect(s.recentEvents.map((e) => [e.component, e.from, e.to])).to.deep.include(['db', 'running', 'exited']);

      // The registry (list) now holds what the live check saw.
      const listed = (await servicesOf('list')).services!.find((x) => x.spec.name === svc)!;
      expect(listed.components.find((c) => c.name === 'db')!.observed).to.equal('exited');
    });
  });

  describe('stop / start / restart', () => {
    it('stop and start flip only the `active` line of the file (comments byte-for-byte) and podman follows', async () => {
      const svc = pod().name('ss');
      const path = e2e().writeService(svc, serviceText(svc, component('app', pod().images.app, '# trailing comment in a component')));
      expect((await mcp(['deploy', svc])).code).to.equal(0);
      const original = readFileSync(path, 'utf8');

      const stopped = await mcp(['stop', svc]);
      expect(stopped.code, stopped.stderr).to.equal(0);
      expect(stopped.stdout).to.contain(`stop ${svc} on rift (active = false in ${path})`);
      expect(stopped.stdout).to.match(new RegExp(`^ok +${svc}-app +stopped +exited`, 'm'));
      const afterStop = readFileSync(path, 'utf8');
      expect(afterStop).to.equal(original.replace('active = true   # keep running', 'active = false   # keep running'));
      expect(await containerStatus(pod(), `${svc}-app`)).to.equal('exited');
      expect(loadServiceDefinition(path).active).to.equal(false);

      const started = await json<{ node: string; action: string; fileUpdated: string; outcome: { results: { ok: boolean; observed: string }[] } }>(['start', svc]);
      expect(started).to.include({ node: 'rift', action: 'start' });
      expect(started.outcome.results.map((x) => [x.ok, x.observed])).to.deep.equal([[true, 'running']]);
      expect(readFileSync(path, 'utf8')).to.equal(original);
      expect(await containerStatus(pod(), `${svc}-app`)).to.equal('running');
    });

    it('stop on a file without an `active` line adds just that line; start flips it back', async () => {
      const svc = pod().name('na');
      const original = `# no active line here\nname = "${svc}" # the name\nnode = "rift"\n# components follow\n\n${component('app', pod().images.app)}`;
      const path = e2e().writeService(svc, original);
      expect((await mcp(['deploy', svc])).code).to.equal(0);
      expect((await mcp(['stop', svc])).code).to.equal(0);
      const stopped = readFileSync(path, 'utf8');
      const added = stopped.split('\n').filter((l) => !original.split('\n').includes(l));
      expect(added).to.deep.equal(['active = false']);
      expect(stopped.split('\n').filter((l) => l !== 'active = false')).to.deep.equal(original.split('\n'));
      expect(await containerStatus(pod(), `${svc}-app`)).to.equal('exited');
      expect((await mcp(['start', svc])).code).to.equal(0);
      expect(readFileSync(path, 'utf8')).to.equal(stopped.replace('active = false', 'active = true'));
      expect(await containerStatus(pod(), `${svc}-app`)).to.equal('running');
    });

    it('restart restarts the containers and never touches the file', async () => {
      const svc = pod().name('rs');
      const path = e2e().writeService(svc, serviceText(svc, component('app', pod().images.app)));
      expect((await mcp(['deploy', svc])).code).to.equal(0);
      const bytes = readFileSync(path);
      const mtime = statSync(path).mtimeMs;
      const before = await inspectContainer(pod(), `${svc}-app`);
      const r = await mcp(['restart', svc]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.contain(`restart ${svc} on rift`);
      const after = await inspectContainer(pod(), `${svc}-app`);
      expect(after.Id).to.equal(before.Id);
      expect(after.State.Status).to.equal('running');
      expect(after.State.StartedAt).not.to.equal(before.State.StartedAt);
      expect(readFileSync(path).equals(bytes)).to.equal(true);
      expect(statSync(path).mtimeMs).to.equal(mtime);
    });
  });

  describe('sync and adopt', () => {
    it('sync creates, then updates, lists containers of no service as unmanaged, and changes no container', async () => {
      const svc = pod().name('sy');
      const path = e2e().writeService(svc, serviceText(svc, component('app', pod().images.app)));
      const stray = pod().name('stray');
      await pod().podman(['run', '-d', '--name', stray, pod().images.app]);

      const syncOf = async () => {
        const out = await json<{ nodes: NodeAnswer[] }>(['sync']);
        expect(out.nodes.map((n) => [n.node, n.ok])).to.deep.equal([['rift', true]]);
        return out.nodes[0]!;
      };
      const first = await syncOf();
      expect(first.results!.find((x) => x.service === svc)!.change).to.equal('created');
      expect(first.unmanaged!.map((u) => u.name)).to.include(stray);
      // Sync records desired state only: nothing was run.
      expect((await pod().podman(['ps', '--all', '--format={{.Names}}'])).stdout).not.to.contain(`${svc}-app`);

      writeFileSync(path, serviceText(svc, component('app', pod().images.appV2)));
      const r = await mcp(['sync']);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^rift: /m);
      expect(r.stdout).to.match(new RegExp(`^ +updated +${svc}\\b`, 'm'));
      expect(r.stdout).to.contain(stray);

      const listed = (await servicesOf('list')).unmanaged!.map((u) => u.name);
      expect(listed).to.include(stray);
      expect((await mcp(['list'])).stdout).to.match(new RegExp(`^rift +\\(unmanaged\\) +${stray}\\b`, 'm'));
    });

    it('adopt turns hand-made `<service>-*` containers into components (running and stopped)', async () => {
      const svc = pod().name('ad');
      await pod().podman(['run', '-d', '--name', `${svc}-web`, '-e', 'MODE=web', pod().images.app]);
      await pod().podman(['create', '--name', `${svc}-cron`, pod().images.app]);
      const r = await mcp(['adopt', svc]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.contain(svc);
      const mine = (await servicesOf('list')).services!.find((s) => s.spec.name === svc)!;
      expect(mine.spec.active).to.equal(true);
      const rows = mine.components.map((c) => [c.name, c.container, c.desired]).sort();
      expect(rows).to.deep.equal([
        ['cron', `${svc}-cron`, 'stopped'],
        ['web', `${svc}-web`, 'running'],
      ]);
      // Adopting does not touch the containers.
      expect(await containerStatus(pod(), `${svc}-web`)).to.equal('running');
      expect(await containerStatus(pod(), `${svc}-cron`)).to.equal('created');
    });
  });

  describe('service show / export / edit', () => {
    let svc: string;
    before(async function () {
      svc = pod().name('sv');
      const path = e2e().writeService(svc, serviceText(svc, component('api', pod().images.app, 'ports = ["127.0.0.1:18081:8080"]\nenv = { A = "1" }')));
      const r = await mcp(['deploy', svc]);
      expect(r.code, r.stderr).to.equal(0);
      rmSync(path);
    });

    it('show prints the agent\'s spec as definition TOML (and {node, spec} as JSON)', async () => {
      const r = await mcp(['service', 'show', svc]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.contain(`name = "${svc}"`);
      expect(r.stdout).to.contain(`image = "${pod().images.app}"`);
      expect(r.stdout).to.contain('ports = ["127.0.0.1:18081:8080"]');
      const out = await json<{ node: string; spec: { name: string; components: { name: string; env: Record<string, string> }[] } }>(['service', 'show', svc]);
      expect(out.node).to.equal('rift');
      expect(out.spec.components.map((c) => [c.name, c.env])).to.deep.equal([['api', { A: '1' }]]);
    });

    it('export writes <dir>/<service>.toml that loads back; into an existing file it keeps the comments', async () => {
      const out = await json<{ node: string; path: string }>(['service', 'export', svc]);
      const path = join(e2e().servicesDir, `${svc}.toml`);
      expect(out).to.deep.equal({ node: 'rift', path });
      const spec = loadServiceDefinition(path);
      expect(spec.name).to.equal(svc);
      expect(spec.components[0]!.ports).to.deep.equal(['127.0.0.1:18081:8080']);
      expect(spec.components[0]!.env).to.deep.equal({ A: '1' });

      const other = join(e2e().dir, 'commented.toml');
      writeFileSync(other, serviceText(svc, component('api', pod().images.appV2)));
      const r = await mcp(['service', 'export', svc, '-f', other]);
      expect(r.code, r.stderr).to.equal(0);
      const text = readFileSync(other, 'utf8');
      expect(text).to.contain(`# ${svc}: written by the e2e test`);
      expect(text).to.contain('node = "rift"   # the only node');
      expect(text).to.contain(`image = "${pod().images.app}"`);
      expect(loadServiceDefinition(other).components[0]!.image).to.equal(pod().images.app);
    });

    it('edit opens $EDITOR (argv, no shell) on the file and loads it back', async () => {
      const editor = join(e2e().dir, 'fake-editor.sh');
      writeFileSync(editor, '#!/bin/sh\nprintf "# edited by the e2e editor\\n" >> "$1"\n');
      chmodSync(editor, 0o755);
      const path = join(e2e().servicesDir, `${svc}.toml`);
      const before = readFileSync(path, 'utf8');
      const r = await mcp(['service', 'edit', svc, '--json'], { env: { EDITOR: editor } });
      expect(r.code, r.stderr).to.equal(0);
      const out = JSON.parse(r.stdout) as { path: string; exported: boolean; spec: { name: string } };
      expect(out).to.deep.include({ path, exported: false });
      expect(out.spec.name).to.equal(svc);
      expect(readFileSync(path, 'utf8')).to.equal(`${before}# edited by the e2e editor\n`);

      // Without a file, it is exported from the agent first.
      rmSync(path);
      const again = await mcp(['service', 'edit', svc, '--json'], { env: { EDITOR: editor } });
      expect(again.code, again.stderr).to.equal(0);
      expect((JSON.parse(again.stdout) as { exported: boolean }).exported).to.equal(true);
      expect(readFileSync(path, 'utf8')).to.match(/# edited by the e2e editor\n$/);
      expect(loadServiceDefinition(path).name).to.equal(svc);
    });
  });

  describe('push / pull', () => {
    it('push lands the file under services_root/<service>/ with content and mode; pull writes it back locally', async () => {
      const svc = pod().name('pp');
      e2e().writeService(svc, serviceText(svc, component('app', pod().images.app)));
      const local = join(e2e().dir, 'app.conf');
      writeFileSync(local, 'listen = ":8080"\n');
      chmodSync(local, 0o640);

      const r = await mcp(['push', local, svc]);
      expect(r.code, r.stderr).to.equal(0);
      const remote = join(e2e().agent.servicesRoot, svc, 'app.conf');
      expect(readFileSync(remote, 'utf8')).to.equal('listen = ":8080"\n');
      expect(statSync(remote).mode & 0o777).to.equal(0o640);

      const nested = await json<{ node: string; path: string; size: number }>(['push', local, svc, 'conf/d/other.conf']);
      expect(nested).to.deep.equal({ node: 'rift', path: join(e2e().agent.servicesRoot, svc, 'conf/d/other.conf'), size: 17 });
      expect(readFileSync(join(e2e().agent.servicesRoot, svc, 'conf/d/other.conf'), 'utf8')).to.equal('listen = ":8080"\n');

      writeFileSync(remote, 'changed on the node\n');
      chmodSync(remote, 0o600);
      const pulled = join(e2e().dir, 'pulled.conf');
      const p = await json<{ node: string; localFile: string; size: number; mode: number }>(['pull', svc, 'app.conf', pulled]);
      expect(p).to.deep.include({ node: 'rift', localFile: pulled, size: 20 });
      expect(readFileSync(pulled, 'utf8')).to.equal('changed on the node\n');
      expect(statSync(pulled).mode & 0o777).to.equal(0o600);

      // Default local file: the basename of the path, in the working directory.
      const cwd = join(e2e().dir);
      const d = await mcp(['pull', svc, 'conf/d/other.conf'], { cwd });
      expect(d.code, d.stderr).to.equal(0);
      expect(readFileSync(join(cwd, 'other.conf'), 'utf8')).to.equal('listen = ":8080"\n');
    });
  });

  describe('node and login', () => {
    it('node list / add / remove edit [[nodes]] and keep the comments', async () => {
      const config = join(e2e().dir, 'nodes.toml');
      copyFileSync(e2e().configPath, config);
      const original = readFileSync(config, 'utf8');
      const list = await mcp(['node', 'list', '--json'], { config });
      expect(JSON.parse(list.stdout)).to.deep.equal({ nodes: [{ name: 'rift', address: e2e().agent.address }] });

      const add = await mcp(['node', 'add', 'vade', '127.0.0.1:1'], { config });
      expect(add.code, add.stderr).to.equal(0);
      const added = readFileSync(config, 'utf8');
      expect(added.startsWith(original.trimEnd())).to.equal(true);
      expect(added).to.contain('# e2e CLI config: comments must survive node add/remove');
      const table = await mcp(['node', 'list'], { config });
      expect(table.stdout).to.match(/^rift +127\.0\.0\.1:\d+$/m);
      expect(table.stdout).to.match(/^vade +127\.0\.0\.1:1$/m);

      const rm = await mcp(['node', 'remove', 'vade'], { config });
      expect(rm.code, rm.stderr).to.equal(0);
      expect(readFileSync(config, 'utf8').trimEnd()).to.equal(original.trimEnd());
      const missing = await mcp(['node', 'remove', 'vade'], { config });
      expect(missing.code).not.to.equal(0);
      oneLineError(missing);
    });

    it('login --token-stdin saves the token 0600, and the next command uses it', async () => {
      const tokenPath = join(e2e().dir, 'login', 'token');
      const config = join(e2e().dir, 'login.toml');
      writeFileSync(config, readFileSync(e2e().configPath, 'utf8').replace(`token_path = "${e2e().tokenPath}"`, `token_path = "${tokenPath}"`));
      const before = await mcp(['list'], { config });
      expect(before.code).to.equal(3);
      expect(before.stdout).to.equal('');
      expect(before.stderr.trim().split('\n')).to.have.length(1);
      expect(before.stderr).to.contain('run `mcp login`');

      const r = await mcp(['login', '--token-stdin'], { config, input: `${e2e().agent.adminToken}\n` });
      expect(r.code, r.stderr).to.equal(0);
      expect(readFileSync(tokenPath, 'utf8').trim()).to.equal(e2e().agent.adminToken);
      expect(statSync(tokenPath).mode & 0o777).to.equal(0o600);
      const after = await mcp(['list'], { config });
      expect(after.code, after.stdout + after.stderr).to.equal(0);
    });
  });
});
