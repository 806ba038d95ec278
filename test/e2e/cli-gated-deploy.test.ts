/*
 * The gated deploy as an operator sees it: the built `mcp` binary against a
 * real agent and podman, output piped (so one line per step).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { useE2e } from '../support/e2e/e2e-harness';
import { inspectContainer } from '../support/e2e/podman-state';
import { usePodmanFixture } from '../support/podman/podman-fixture';

describe('e2e: gated deploy through the mcp CLI', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();
  const e2e = useE2e(() => ({ ...pod().env }));
  const text = (name: string, extra: string) => `name = "${name}"\nnode = "rift"\n\n[[components]]\nname = "api"\nimage = "${pod().images.app}"\npull = "missing"\n${extra}`;

  it('a failing deploy: steps line by line, the failing component with its log lines, exit 1, the old container back', async () => {
    const svc = pod().name('gated');
    e2e().writeService(svc, text(svc, ''));
    const first = await e2e().runMcp(['deploy', svc]);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.contain(`${svc}/api on rift: pulling`);
    expect(first.stdout).to.match(new RegExp(`${svc}/api on rift: running after \\d+\\.\\ds`));
    const before = (await inspectContainer(pod(), `${svc}-api`)).Id;

    e2e().writeService(svc, text(svc, `cmd = ["/bin/sh", "-c", "echo cannot open /etc/api.conf; exit 2"]\n`));
    const r = await e2e().runMcp(['deploy', svc]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain(`deploy of ${svc} on rift FAILED at api; every component is back as it was`);
    expect(r.stdout, r.stdout).to.match(/api: CONTAINER_EXITED: \S+ (exited|stopped) /);
    expect(r.stdout).to.contain(`${svc}/api on rift: restored`);
    expect(r.stdout).to.contain('  | cannot open /etc/api.conf');
    const after = await inspectContainer(pod(), `${svc}-api`);
    expect([after.Id, after.State.Status]).to.deep.equal([before, 'running']);
  });

  it('--json prints the final result only; -f names the service; ps --json carries health', async () => {
    const svc = pod().name('jsn');
    const path = join(e2e().dir, 'anywhere.toml');
    writeFileSync(path, text(svc, `[components.health]\ncmd = ["/bin/true"]\nstart_period = "20s"\n`));
    const r = await e2e().runMcp(['deploy', '-f', path, '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as { outcome: { service: string; results: Array<{ ok: boolean }> } };
    expect(out.outcome.service).to.equal(svc);
    expect(out.outcome.results.map((x) => x.ok)).to.deep.equal([true]);
    const ps = await e2e().runMcp(['ps', '--json']);
    const nodes = JSON.parse(ps.stdout) as { nodes: Array<{ services: Array<{ spec: { name: string }; components: Array<{ health: string }> }> }> };
    expect(nodes.nodes[0]!.services.find((s) => s.spec.name === svc)!.components[0]!.health).to.equal('healthy');
  });
});
