/*
 * NAME_COLLISION as an operator meets it: the built `mcp` binary against a
 * real agent (TLS gRPC, SQLite file, real podman). Its own agent, because a
 * services dir holding a colliding pair fails every `mcp sync` of the suite.
 */
import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { oneLineError, useE2e } from '../support/e2e/e2e-harness';
import { inspectContainer } from '../support/e2e/podman-state';
import { usePodmanFixture } from '../support/podman/podman-fixture';

describe('e2e: container names that collide across services', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();
  const e2e = useE2e(() => ({ ...pod().env }));
  const text = (name: string, component: string) => `name = "${name}"\nnode = "rift"\n\n[[components]]\nname = "${component}"\nimage = "${pod().images.app}"\npull = "missing"\n`;

  it('the agent refuses a deploy and a sync whose container another service names; the CLI refuses a services dir holding both', async () => {
    // `<x>` + `a-b` and `<x>-a` + `b` both name `<x>-a-b`.
    const x = pod().name('relx');
    const xa = `${x}-a`;
    const container = `${x}-a-b`;
    const xPath = e2e().writeService(x, text(x, 'a-b'));
    const first = await e2e().runMcp(['deploy', x]);
    expect(first.code, first.stderr).to.equal(0);
    const before = await inspectContainer(pod(), container);
    expect(before.Config.Labels).to.include({ 'mcp.service': x, 'mcp.component': 'a-b' });

    // Deploy: the agent checks the new service against its registry (x's file is gone, x stays registered).
    rmSync(xPath);
    e2e().writeService(xa, text(xa, 'b'));
    const deploy = await e2e().runMcp(['deploy', xa]);
    expect(deploy.code).to.equal(1);
    expect(oneLineError(deploy)).to.contain(`services ${x} and ${xa} both name container ${container} (${x} component a-b, ${xa} component b)`);

    // Sync: the agent checks what is sent against what it keeps.
    const sync = await e2e().runMcp(['sync', '--json']);
    expect(sync.code).to.equal(1);
    const answer = JSON.parse(sync.stdout) as { nodes: Array<{ ok: boolean; error?: { code: string; message: string } }> };
    expect(answer.nodes[0]!.ok).to.equal(false);
    expect(answer.nodes[0]!.error!.code).to.equal('NAME_COLLISION');
    expect(answer.nodes[0]!.error!.message).to.contain(`services ${x} and ${xa} both name container ${container}`);

    // Load: with both files in the services dir the CLI refuses before it sends anything.
    e2e().writeService(x, text(x, 'a-b'));
    for (const args of [['sync'], ['plan']]) {
      const r = await e2e().runMcp(args);
      expect(r.code, `mcp ${args.join(' ')}`).to.equal(1);
      expect(oneLineError(r)).to.equal(
        `mcp: ${join(e2e().servicesDir, `${xa}.toml`)} and ${join(e2e().servicesDir, `${x}.toml`)}: services ${xa} and ${x} both name container ${container} ` +
          `(${xa} component b, ${x} component a-b): rename a component or a service; nothing was changed (NAME_COLLISION)`,
      );
    }

    // Nothing was touched: x's container is the same one, still x's, still running; xa is not registered.
    const after = await inspectContainer(pod(), container);
    expect([after.Id, after.State.Status, after.Config.Labels?.['mcp.service']]).to.deep.equal([before.Id, 'running', x]);
    const list = await e2e().runMcp(['list', '--json']);
    const names = (JSON.parse(list.stdout) as { nodes: Array<{ services: Array<{ spec: { name: string } }> }> }).nodes[0]!.services.map((s) => s.spec.name);
    expect(names).to.deep.equal([x]);
  });
});
