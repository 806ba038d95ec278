import { expect } from 'chai';
import { listConmons } from '../../../src/adapters/runtime/podman/podman-orphans';
import { type ContainerSpec, toContainerSpec } from '../../../src/domain/service/container-spec';
import { httpGetEventually } from '../../support/http';
import { freePort, portTaken } from '../../support/net/free-port';
import { interruptStop, podmanState } from '../../support/podman/interrupted-stop';
import { usePodmanFixture } from '../../support/podman/podman-fixture';

/*
 * The orphaned conmon of issue 20, on real podman 4.3: a `podman stop`
 * killed before its SIGKILL leaves the container "stopping"; `podman rm
 * --force` of it then forgets the container without killing it, and its
 * conmon keeps the host port.
 */
describe('PodmanRuntime: what killed podman calls leave behind (real podman)', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();

  /** An MCP container whose PID 1 (busybox httpd) ignores SIGTERM, serving on a host port. */
  async function serving(): Promise<{ spec: ContainerSpec; port: number }> {
    const port = await freePort();
    const service = pod().name('orphan');
    const spec = toContainerSpec(service, {
      name: 'web',
      image: pod().images.app,
      restart: 'no',
      ports: [`127.0.0.1:${port}:8080`],
      volumes: [],
      env: {},
      cmd: ['httpd', '-f', '-p', '8080', '-h', '/tmp'],
      pull: 'missing',
    });
    const runtime = pod().runtime();
    if (!(await runtime.hasImage(spec.image))) await runtime.pull(spec.image);
    await runtime.run(spec);
    // Any answer (a 404 of the empty /tmp) proves it listens.
    await httpGetEventually(`http://127.0.0.1:${port}/`);
    expect(await portTaken(port)).to.equal(true);
    return { spec, port };
  }

  const idOf = async (name: string): Promise<string> => (await pod().podman(['container', 'inspect', '--format={{.Id}}', '--', name])).stdout.trim();
  const conmonOf = (id: string) => listConmons(process.getuid!()).find((c) => c.id === id);

  it("root cause: podman's rm --force of a container left \"stopping\" keeps its conmon and port; reapOrphans ends them", async () => {
    const { spec, port } = await serving();
    const id = await idOf(spec.name);
    await interruptStop(pod(), spec.name);
    expect(await podmanState(pod(), spec.name)).to.equal('stopping');

    await pod().podman(['rm', '--force', '--time=0', '--', spec.name]);
    const all = (await pod().podman(['ps', '--all', '--no-trunc', '--format={{.ID}}'])).stdout;
    expect(all).to.not.contain(id);
    const conmon = conmonOf(id);
    expect(conmon, 'conmon outlives the container podman forgot').to.not.equal(undefined);
    expect(await portTaken(port), 'the forgotten container still holds its host port').to.equal(true);

    const reaped = await pod().runtime().reapOrphans([]);
    expect(reaped.filter((l) => l.includes(id.slice(0, 12)))).to.deep.equal([`${spec.name} (${id.slice(0, 12)}, conmon ${conmon!.pid}): ended a container podman had forgotten`]);
    expect(conmonOf(id)).to.equal(undefined);
    expect(await portTaken(port)).to.equal(false);
  });

  it('remove() of a container left "stopping" finishes the stop first: no conmon, the port is free', async () => {
    const { spec, port } = await serving();
    const id = await idOf(spec.name);
    await interruptStop(pod(), spec.name);

    await pod().runtime({ stopTimeoutSeconds: 1 }).remove(spec.name);
    expect(await pod().runtime().inspect([spec.name])).to.deep.equal([]);
    expect(conmonOf(id)).to.equal(undefined);
    expect(await portTaken(port)).to.equal(false);
  });

  it('reapOrphans finishes the stop of an MCP container left "stopping", which podman would refuse to start', async () => {
    const { spec, port } = await serving();
    await interruptStop(pod(), spec.name);
    const runtime = pod().runtime({ stopTimeoutSeconds: 1 });
    const refused = await runtime.start(spec.name).then(
      () => 'started',
      (e: Error) => e.message,
    );
    expect(refused).to.contain('state improper');

    const reaped = await runtime.reapOrphans([spec.labels['mcp.service']!]);
    expect(reaped).to.include(`${spec.name}: finished an interrupted stop`);
    expect(await podmanState(pod(), spec.name)).to.equal('exited');
    await runtime.start(spec.name);
    expect(await podmanState(pod(), spec.name)).to.equal('running');
    await httpGetEventually(`http://127.0.0.1:${port}/`);
    expect(await portTaken(port)).to.equal(true);
  });
});
