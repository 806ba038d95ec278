/*
 * NAME_COLLISION as an operator meets it: the built `mcp` binary against a
 * real agent (TLS gRPC, SQLite file, real podman). Its own agent, because a
 * services dir holding a colliding pair fails every `mcp sync` of the suite.
 */
import { expect } from 'chai';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneLineError, useE2e } from '../support/e2e/e2e-harness';
import { containerNames, inspectContainer } from '../support/e2e/podman-state';
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

    // A command on one service's file refuses the pair as well, naming the file asked for first; exit 1 as sync.
    const xFile = join(e2e().servicesDir, `${x}.toml`);
    const xaFile = join(e2e().servicesDir, `${xa}.toml`);
    for (const [args, first, second] of [
      [['deploy', x], [x, xFile, 'a-b'], [xa, xaFile, 'b']],
      [['deploy', xa], [xa, xaFile, 'b'], [x, xFile, 'a-b']],
      [['plan', xa], [xa, xaFile, 'b'], [x, xFile, 'a-b']],
      [['stop', x], [x, xFile, 'a-b'], [xa, xaFile, 'b']],
    ] as const) {
      const r = await e2e().runMcp(args);
      expect(r.code, `mcp ${args.join(' ')}: ${r.stderr}`).to.equal(1);
      expect(oneLineError(r)).to.equal(
        `mcp: ${first[1]} and ${second[1]}: services ${first[0]} and ${second[0]} both name container ${container} ` +
          `(${first[0]} component ${first[2]}, ${second[0]} component ${second[2]}): rename a component or a service; nothing was changed (NAME_COLLISION)`,
      );
    }
    expect(readFileSync(xFile, 'utf8'), 'stop refused before it flips active').to.equal(text(x, 'a-b'));

    // Nothing was touched: x's container is the same one, still x's, still running; xa is not registered.
    const after = await inspectContainer(pod(), container);
    expect([after.Id, after.State.Status, after.Config.Labels?.['mcp.service']]).to.deep.equal([before.Id, 'running', x]);
    const list = await e2e().runMcp(['list', '--json']);
    const names = (JSON.parse(list.stdout) as { nodes: Array<{ services: Array<{ spec: { name: string } }> }> }).nodes[0]!.services.map((s) => s.spec.name);
    expect(names).to.deep.equal([x]);
  });
});

describe('e2e: a deploy by name refuses a collision with another file of the services dir before anything is sent', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();
  const e2e = useE2e(() => ({ ...pod().env }));
  const text = (name: string, component: string) => `name = "${name}"\nnode = "rift"\n\n[[components]]\nname = "${component}"\nimage = "${pod().images.app}"\npull = "missing"\n`;

  it('mcp deploy <x> with <x>-a in the dir: NAME_COLLISION naming both files, exit 1, no container; a file that does not parse blocks nothing', async () => {
    const x = pod().name('relz');
    const xa = `${x}-a`;
    const container = `${x}-a-b`;
    const xPath = e2e().writeService(x, text(x, 'a-b'));
    const xaPath = e2e().writeService(xa, text(xa, 'b'));
    const broken = join(e2e().servicesDir, `${pod().name('broken')}.toml`);
    writeFileSync(broken, 'name = \n');
    const refused = await e2e().runMcp(['deploy', x]);
    expect(refused.code, refused.stderr).to.equal(1);
    expect(oneLineError(refused)).to.equal(
      `mcp: ${xPath} and ${xaPath}: services ${x} and ${xa} both name container ${container} (${x} component a-b, ${xa} component b): rename a component or a service; nothing was changed (NAME_COLLISION)`,
    );
    expect(await containerNames(pod(), x)).to.deep.equal([]);

    // Without the other file, the broken one does not stand in the way.
    rmSync(xaPath);
    const deployed = await e2e().runMcp(['deploy', x]);
    expect(deployed.code, deployed.stderr).to.equal(0);
    expect((await inspectContainer(pod(), container)).Config.Labels).to.include({ 'mcp.service': x, 'mcp.component': 'a-b' });
    rmSync(broken);
  });
});
