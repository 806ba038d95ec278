/*
 * Plan, history and rollback as an operator runs them: the built `mcp`
 * binary against a real `mcp-agent` (TLS gRPC, SQLite file, real podman).
 * Plan must agree with deploy: every plan is followed by a real deploy, and
 * what changed is compared with what the plan said, component by component.
 */
import { expect } from 'chai';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadServiceDefinition } from '../../src/adapters/definitions/toml/service-definition.loader';
import { agentCli } from '../support/agent/agent-process';
import { cliConfigText, oneLineError, useE2e } from '../support/e2e/e2e-harness';
import { containerNames, inspectContainer } from '../support/e2e/podman-state';
import { usePodmanFixture } from '../support/podman/podman-fixture';

type Spec = Record<string, unknown> & { name: string };
interface PlanJson {
  services: { service: string; node: string; kind: string; rows: { mark: string; component: string; changes: { field: string }[] }[] }[];
  pending: boolean;
  failed: boolean;
}
interface Seen {
  readonly spec: Spec;
  readonly imageId: string;
  readonly state: string;
}

const IDLE = (s: number) => `["/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep ${s}; done"]`;

describe('e2e: mcp plan, history and rollback against a real agent and podman', function () {
  this.timeout(180_000);
  const pod = usePodmanFixture();
  const e2e = useE2e(() => ({ ...pod().env }));
  const mcp = (args: readonly string[]) => e2e().runMcp(args);

  const component = (name: string, image: string, extra = '') => `[[components]]\nname = "${name}"   # keep this comment\nimage = "${image}"\n${extra}\n`;
  const serviceText = (name: string, components: string) => `# ${name}: the operator's own notes\nname = "${name}"\nnode = "rift"\n\n${components}`;

  /** Per component the registry holds: its spec, and its container's image ID and state ('' when absent). */
  async function snapshot(svc: string): Promise<Map<string, Seen>> {
    const r = await mcp(['list', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const held = (JSON.parse(r.stdout) as { nodes: { services: { spec: { name: string; components: Spec[] } }[] }[] }).nodes[0]!.services.find((s) => s.spec.name === svc);
    const out = new Map<string, Seen>();
    const present = new Set(await containerNames(pod(), svc));
    for (const spec of held?.spec.components ?? []) {
      const container = `${svc}-${spec.name}`;
      const inspected = present.has(container) ? await inspectContainer(pod(), container) : undefined;
      const imageId = inspected ? (await pod().podman(['container', 'inspect', '--format={{.Image}}', container])).stdout.trim() : '';
      out.set(spec.name, { spec, imageId, state: inspected?.State.Status ?? '' });
    }
    return out;
  }

  async function plan(svc: string, extra: string[] = []): Promise<{ json: PlanJson; text: string; detailed: number | null }> {
    const text = await mcp(['plan', svc]);
    expect(text.code, text.stderr).to.equal(0);
    const detailed = (await mcp(['plan', svc, '--detailed-exitcode', ...extra])).code;
    const j = await mcp(['plan', svc, '--json']);
    return { json: JSON.parse(j.stdout) as PlanJson, text: text.stdout, detailed };
  }

  /** Deploys, then checks that every ~ + - of the plan happened and nothing else did. */
  async function deployAgrees(svc: string, p: PlanJson): Promise<void> {
    const before = await snapshot(svc);
    const d = await mcp(['deploy', svc]);
    expect(d.code, `${d.stdout}${d.stderr}`).to.equal(0);
    const after = await snapshot(svc);
    const rows = p.services.find((s) => s.service === svc)!.rows;
    const marks = new Map(rows.map((r) => [r.component, r]));
    for (const name of new Set([...before.keys(), ...after.keys()])) expect(marks.has(name), `component ${name} changed without a plan row`).to.equal(true);
    for (const [name, row] of marks) {
      const [b, a] = [before.get(name), after.get(name)];
      switch (row.mark) {
        case '+':
          expect(b, `${name} was planned as new`).to.equal(undefined);
          expect(a?.state, `${name} should run`).to.equal('running');
          break;
        case '-':
          expect(b, `${name} existed`).to.not.equal(undefined);
          expect(a, `${name} should be gone from the registry`).to.equal(undefined);
          expect(await containerNames(pod(), `${svc}-${name}`)).to.deep.equal([]);
          break;
        case '~': {
          const fields = new Set(row.changes.map((c) => c.field));
          for (const key of new Set([...Object.keys(b!.spec), ...Object.keys(a!.spec)])) {
            const changed = JSON.stringify(b!.spec[key]) !== JSON.stringify(a!.spec[key]);
            expect(changed, `${name}.${key}: plan said ${fields.has(key) ? '' : 'un'}changed`).to.equal(fields.has(key));
          }
          expect(a!.state).to.equal('running');
          break;
        }
        default:
          expect(a!.spec, `${name} was planned as unchanged`).to.deep.equal(b!.spec);
          expect(a!.imageId).to.equal(b!.imageId);
          expect(a!.state).to.equal('running');
      }
    }
    const again = await mcp(['plan', svc, '--detailed-exitcode']);
    expect(again.code, `after the deploy nothing is left to change:\n${again.stdout}`).to.equal(0);
  }

  it('plan agrees with what deploy then does: new service, changed fields, new and dropped components, drift', async () => {
    const svc = pod().name('plan');
    const { app, appV2 } = pod().images;
    e2e().writeService(svc, serviceText(svc, component('a', app, 'env = { K = "1", SECRET = "s3cret-one" }') + component('b', app)));

    let p = await plan(svc);
    expect(p.text).to.equal(`${svc} on rift (new service)\n  + a  new component\n  + b  new component\nchanges pending: \`mcp deploy <service>\` applies them\n`);
    expect(p.detailed).to.equal(4);
    await deployAgrees(svc, p.json);

    e2e().writeService(svc, serviceText(svc, component('a', appV2, 'env = { K = "2", L = "x", SECRET = "s3cret-two" }') + component('b', app, `cmd = ${IDLE(2)}`) + component('c', app)));
    p = await plan(svc);
    expect(p.text).to.contain(`  ~ a  image ${app} -> ${appV2}; env L added; env K changed; env SECRET changed\n`);
    expect(p.text).to.match(/ {2}~ b {2}cmd \[\] -> \["\/bin\/sh","-c",.*\]\n/);
    expect(p.text).to.contain('  + c  new component\n');
    expect(p.text + JSON.stringify(p.json)).to.not.contain('s3cret');
    expect(p.detailed).to.equal(4);
    await deployAgrees(svc, p.json);

    e2e().writeService(svc, serviceText(svc, component('a', appV2, 'env = { K = "2", L = "x", SECRET = "s3cret-two" }') + component('c', app)));
    p = await plan(svc);
    expect(p.text).to.equal(`${svc} on rift\n  = a  unchanged\n  = c  unchanged\n  - b  not in the file: its container will be removed\nchanges pending: \`mcp deploy <service>\` applies them\n`);
    await deployAgrees(svc, p.json);

    await pod().podman(['stop', '--time=1', `${svc}-c`]);
    p = await plan(svc);
    expect(p.text).to.contain('  ! c  drift: desired running, observed exited\n');
    expect(p.detailed).to.equal(4);
    await deployAgrees(svc, p.json);
  });

  it('plan of every file shows a service only the node holds as ?; a bad file is one line, exit 2', async () => {
    const svc = pod().name('only');
    const elsewhere = join(e2e().dir, `${svc}.toml`);
    writeFileSync(elsewhere, serviceText(svc, component('main', pod().images.app)));
    expect((await mcp(['deploy', svc, '-f', elsewhere])).code).to.equal(0);
    const r = await mcp(['plan']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain(`${svc} on rift\n  ? only on node rift (no file)\n`);
    const ghost = pod().name('ghost');
    const g = await mcp(['plan', ghost, '--detailed-exitcode']);
    expect(g.code).to.equal(1);
    expect(g.stdout).to.contain(`${ghost}\n  error SERVICE_NOT_FOUND: no file ${join(e2e().servicesDir, `${ghost}.toml`)} and no node holds ${ghost}\n`);
    const bad = e2e().writeService('broken', 'name = "broken"\nnode = "rift"\n');
    const b = await mcp(['plan']);
    expect(b.code).to.equal(2);
    expect(oneLineError(b)).to.contain(bad);
    // Gone again, so the other tests' `mcp plan` reads valid files only.
    rmSync(bad);
  });

  it('plan with a scoped token: a file outside the scope is skipped, not a new service, and no pending change', async () => {
    const inside = pod().name('scin');
    const outside = pod().name('scout');
    const dir = join(e2e().dir, `scoped-${inside}`);
    mkdirSync(dir);
    for (const svc of [inside, outside]) writeFileSync(join(dir, `${svc}.toml`), serviceText(svc, component('main', pod().images.app)));
    const deployed = await e2e().runMcp(['deploy', inside, '-f', join(dir, `${inside}.toml`)]);
    expect(deployed.code, deployed.stderr).to.equal(0);
    const tokenPath = join(e2e().dir, `${inside}.token`);
    writeFileSync(tokenPath, `${agentCli(['token', 'issue', '--user', 'ci', '--role', 'viewer', '--services', inside, '--config', e2e().agent.configPath]).trim()}\n`, { mode: 0o600 });
    const config = join(e2e().dir, `${inside}.config.toml`);
    writeFileSync(config, cliConfigText({ servicesDir: dir, tokenPath, caPath: e2e().agent.certs.caPath, nodes: [{ name: 'rift', address: e2e().agent.address }] }));
    const r = await e2e().runMcp(['plan', '--detailed-exitcode'], { config });
    expect(r.code, `${r.stdout}${r.stderr}`).to.equal(0);
    expect(r.stdout).to.contain(`${outside} on rift\n  skipped: outside the token's scope (${inside})\n`);
    expect(r.stdout).to.contain(`${inside} on rift\n  = main  unchanged\n`);
    expect(r.stdout).to.not.contain('new service');
    expect(r.stdout).to.match(/nothing to change\n$/);
    for (const path of [dir, tokenPath, config]) rmSync(path, { recursive: true, force: true });
  });

  it('history and rollback: the file is rewritten to the rolled-back spec, comments kept; bad input changes nothing', async () => {
    const svc = pod().name('rb');
    const { app, appV2 } = pod().images;
    const path = e2e().writeService(svc, serviceText(svc, component('web', app, 'env = { MODE = "one" }')));
    expect((await mcp(['deploy', svc])).code).to.equal(0);
    const v1Id = (await pod().podman(['container', 'inspect', '--format={{.Image}}', `${svc}-web`])).stdout.trim();
    e2e().writeService(svc, serviceText(svc, component('web', appV2, 'env = { MODE = "two" }')));
    expect((await mcp(['deploy', svc])).code).to.equal(0);

    const h = await mcp(['history', svc]);
    expect(h.code, h.stderr).to.equal(0);
    const lines = h.stdout.split('\n');
    expect(lines[0]).to.equal(`${svc} on rift: current revision 2 (marked *)`);
    expect(lines[2]).to.match(/^2\* +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +kyle +deployed +web=v2/);
    expect(lines[3]).to.match(/^1 +.* +kyle +deployed +web=v1/);

    // Bad input first: nothing may change.
    const fileBefore = readFileSync(path, 'utf8');
    for (const [args, pattern] of [
      [['rollback', svc, '--to', '9'], /^mcp: node rift: service .* has no revision 9 on node rift \(kept: 2, 1\)$/],
      [['rollback', svc, '--to', 'zero'], /^mcp: .*revision number/],
      [['rollback', pod().name('ghost')], /^mcp: no definition for .*ghost/],
      [['history', pod().name('ghost')], /^mcp: no definition for .*ghost/],
    ] as const) {
      const r = await mcp(args);
      expect(r.code, args.join(' ')).to.not.equal(0);
      expect(oneLineError(r)).to.match(pattern);
    }
    expect(readFileSync(path, 'utf8')).to.equal(fileBefore);
    expect((await mcp(['history', svc, '--json'])).stdout).to.contain('"current": 2');

    const r = await mcp(['rollback', svc]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain(`rolled back ${svc} on rift to revision 1: now revision 3\n`);
    expect(r.stdout).to.contain(`wrote revision 1's spec to ${path} (only the lines that differ; comments kept)\n`);
    expect((await pod().podman(['container', 'inspect', '--format={{.Image}}', `${svc}-web`])).stdout.trim()).to.equal(v1Id);
    const text = readFileSync(path, 'utf8');
    expect(text).to.equal(fileBefore.replace(appV2, app).replace('MODE = "two"', 'MODE = "one"'));
    expect(loadServiceDefinition(path).components[0]!.image).to.equal(app);
    expect((await mcp(['plan', svc, '--detailed-exitcode'])).code).to.equal(0);

    const hist = JSON.parse((await mcp(['history', svc, '--json'])).stdout) as { current: number; revisions: { number?: number; note: string; by: string }[] };
    expect(hist.current).to.equal(3);
    expect(hist.revisions.map((x) => [x.number, x.note, x.by])).to.deep.equal([
      [3, 'rollback to 1', 'kyle'],
      [2, '', 'kyle'],
      [1, '', 'kyle'],
    ]);

    // A service with a single revision has nothing before it.
    const one = pod().name('one');
    e2e().writeService(one, serviceText(one, component('main', app)));
    expect((await mcp(['deploy', one])).code).to.equal(0);
    const none = await mcp(['rollback', one]);
    expect(none.code).to.equal(1);
    expect(oneLineError(none)).to.match(/has no revision before the current one \(1\): nothing to roll back to$/);
  });

  it('a service with a health check: rollback rewrites its file and `service export` writes the toml, check and all', async () => {
    const svc = pod().name('rbh');
    const { app, appV2 } = pod().images;
    const health = 'health = { cmd = ["/bin/sh", "-c", "test -d /"], interval = "1s", timeout = "2s", retries = 2 }';
    const path = e2e().writeService(svc, serviceText(svc, component('web', app, `cmd = ${IDLE(1)}\n${health}`)));
    expect((await mcp(['deploy', svc])).code).to.equal(0);
    const fileBefore = readFileSync(path, 'utf8');
    e2e().writeService(svc, fileBefore.replace(app, appV2));
    const v2 = await mcp(['deploy', svc]);
    expect(v2.code, v2.stderr).to.equal(0);

    const exported = join(e2e().dir, `${svc}-export.toml`);
    const ex = await mcp(['service', 'export', svc, '-f', exported]);
    expect(ex.code, ex.stderr).to.equal(0);
    expect(loadServiceDefinition(exported)).to.deep.equal(loadServiceDefinition(path));

    const r = await mcp(['rollback', svc]);
    expect(r.code, r.stderr).to.equal(0);
    expect(readFileSync(path, 'utf8')).to.equal(fileBefore);
    expect((await mcp(['plan', svc, '--detailed-exitcode'])).code).to.equal(0);
  });

  it('a rollback goes through the same gate: when it fails, the current containers come back, the file is kept, exit 1', async () => {
    const svc = pod().name('gate');
    const { app, appV2 } = pod().images;
    const data = join(e2e().dir, `${svc}-data`);
    mkdirSync(data);
    const path = e2e().writeService(svc, serviceText(svc, component('web', app, `volumes = ["${data}:/data"]`)));
    expect((await mcp(['deploy', svc])).code).to.equal(0);
    e2e().writeService(svc, serviceText(svc, component('web', appV2)));
    expect((await mcp(['deploy', svc])).code).to.equal(0);
    const current = (await inspectContainer(pod(), `${svc}-web`)).Id;
    const fileBefore = readFileSync(path, 'utf8');
    // Revision 1 can no longer start: its bind mount is gone.
    rmSync(data, { recursive: true });

    const r = await mcp(['rollback', svc]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain(`rollback of ${svc} on rift to revision 1 FAILED`);
    expect(r.stdout).to.contain(`${path} left as it was`);
    expect(readFileSync(path, 'utf8')).to.equal(fileBefore);
    const web = await inspectContainer(pod(), `${svc}-web`);
    expect([web.Id, web.State.Status]).to.deep.equal([current, 'running']);
    expect(await containerNames(pod(), `${svc}-web.mcp-prev`)).to.deep.equal([]);
    const h = JSON.parse((await mcp(['history', svc, '--json'])).stdout) as { current: number; revisions: { number?: number; result: string; note: string }[] };
    expect(h.current).to.equal(2);
    expect([h.revisions[0]!.number, h.revisions[0]!.result]).to.deep.equal([undefined, 'failed']);
    expect(h.revisions[0]!.note).to.match(/^rollback to 1: web: /);
    const text = (await mcp(['history', svc])).stdout;
    expect(text.split('\n')[2], text).to.match(/^- +\S+ +kyle +failed +web=v1 +rollback to 1: web: .*no such file or directory/);
  });
});
