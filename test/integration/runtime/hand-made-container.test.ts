import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { StartedTestContainer } from 'testcontainers';
import { startHandMadeContainer } from '../../support/podman/hand-made-container';
import { freePort } from '../../support/net/free-port';
import { usePodmanFixture } from '../../support/podman/podman-fixture';

/*
 * A container made "by hand" through testcontainers on podman's Docker API
 * socket, as an operator would have: what MCP's adopt starts from.
 */
describe('PodmanRuntime sees containers made through testcontainers', function () {
  this.timeout(180_000);
  const pod = usePodmanFixture();
  // Removed with the suite's other containers by usePodmanFixture (its name comes from name()).
  let container: StartedTestContainer;
  let name: string;
  let hostPort: number;
  let dataDir: string;
  const cmd = ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 2; done"];

  before(async function () {
    const p = pod();
    name = p.name('legacy');
    hostPort = await freePort();
    dataDir = mkdtempSync(join(p.tmpDir, 'legacy-'));
    // testcontainers pulls the image itself, through the socket service, from the local registry.
    container = await startHandMadeContainer({
      name,
      image: p.images.app,
      env: { DB_URL: 'postgres://db/app', EMPTY: '' },
      cmd,
      ports: [{ host: hostPort, container: 5432 }],
      bindMounts: [{ source: dataDir, target: '/var/lib/data' }],
      restart: 'unless-stopped',
    });
  });

  it('lists it, running, under its name', async () => {
    expect(container.getName().replace(/^\//, '')).to.equal(name);
    const found = (await pod().runtime().list()).find((c) => c.name === name);
    expect(found).to.not.equal(undefined);
    expect(found!.state).to.equal('running');
    expect(found!.image).to.equal(pod().images.app);
    expect(found!.labels).to.include({ 'org.testcontainers': 'true' });
  });

  it('inspects its env, ports, volumes, cmd and restart policy as a component would hold them', async () => {
    const [d] = await pod().runtime().inspect([name]);
    expect(d).to.not.equal(undefined);
    expect(d!.env).to.deep.equal({ DB_URL: 'postgres://db/app', EMPTY: '' });
    expect(d!.ports).to.deep.equal([`127.0.0.1:${hostPort}:5432`]);
    expect(d!.volumes).to.deep.equal([`${dataDir}:/var/lib/data`]);
    expect(d!.cmd).to.deep.equal(cmd);
    expect(d!.restart).to.equal('unless-stopped');
    expect(d!.state).to.equal('running');
  });

  it('stops it like any other container', async () => {
    await pod().runtime().stop(name);
    const [d] = await pod().runtime().inspect([name]);
    expect(d!.state).to.equal('exited');
  });
});
