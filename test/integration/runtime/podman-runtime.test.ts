import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { PodmanRuntime } from '../../../src/adapters/runtime/podman/podman-runtime.adapter';
import { ErrorCode } from '../../../src/domain/errors/domain-error';
import { type ContainerSpec, toContainerSpec } from '../../../src/domain/service/container-spec';
import { freePort } from '../../support/net/free-port';
import { IMAGE_ENV, usePodmanFixture } from '../../support/podman/podman-fixture';
import { rejection } from '../../support/rejection';
import { httpGetEventually } from '../../support/http';

describe('PodmanRuntime against real podman', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();

  describe('images', () => {
    it('pulls from the local registry: the image is absent before and present after', async () => {
      const runtime = pod().runtime();
      const image = await pod().publishImage('pulltest', 'v1');
      expect(await runtime.hasImage(image)).to.equal(false);
      await runtime.pull(image);
      expect(await runtime.hasImage(image)).to.equal(true);
    });

    it("fails a pull of a missing image with IMAGE_PULL_FAILED and podman's one-line message", async () => {
      const image = `${pod().registry}/mcp-test/does-not-exist:v9`;
      const e = await rejection(pod().runtime().pull(image));
      expect(e.code).to.equal(ErrorCode.ImagePullFailed);
      expect(e.message).to.match(new RegExp(`^pull ${image.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: .*manifest unknown`));
      expect(e.message).to.not.contain('\n');
    });
  });

  describe('a full component', () => {
    let spec: ContainerSpec;
    let hostPort: number;
    let volumeDir: string;
    let network: string;

    before(async function () {
      const p = pod();
      await p.runtime().pull(p.images.app);
      hostPort = await freePort();
      volumeDir = mkdtempSync(join(p.tmpDir, 'vol-'));
      // httpd runs as 1000:1000 below.
      chmodSync(volumeDir, 0o755);
      writeFileSync(join(volumeDir, 'index.html'), 'served from the volume\n');
      network = await p.network();
      const service = p.name('full');
      spec = toContainerSpec(service, {
        name: 'web',
        image: p.images.app,
        network,
        user: '1000:1000',
        restart: 'unless-stopped',
        ports: [`127.0.0.1:${hostPort}:8080`],
        volumes: [`${volumeDir}:/www:ro`],
        cmd: ['httpd', '-f', '-p', '8080', '-h', '/www'],
        env: { LOG_LEVEL: 'debug', SPACED: 'two words', APP_VERSION: 'overridden' },
        pull: 'always',
      });
      await p.runtime().run(spec);
    });

    it('serves through the published port from the mounted volume', async () => {
      expect(await httpGetEventually(`http://127.0.0.1:${hostPort}/index.html`)).to.equal('served from the volume\n');
    });

    it('reads back network, user, restart, ports, volumes, cmd, env and labels', async () => {
      const [d] = await pod().runtime().inspect([spec.name]);
      expect(d).to.not.equal(undefined);
      expect(d!).to.deep.include({ name: spec.name, image: spec.image, state: 'running', network, user: '1000:1000', restart: 'unless-stopped' });
      expect(d!.ports).to.deep.equal([`127.0.0.1:${hostPort}:8080`]);
      expect(d!.volumes).to.deep.equal([`${volumeDir}:/www:ro`]);
      expect(d!.cmd).to.deep.equal(['httpd', '-f', '-p', '8080', '-h', '/www']);
      // APP_VERSION overrides the image's value, so it is the operator's; MCP_TEST_IMAGE is the image's own.
      expect(d!.env).to.deep.equal({ LOG_LEVEL: 'debug', SPACED: 'two words', APP_VERSION: 'overridden' });
      expect(d!.labels).to.deep.equal(spec.labels);
      expect(d!.startedAt).to.be.instanceOf(Date);
    });

    it('passes the argv to podman untouched (no shell), as podman recorded it', async () => {
      const { stdout } = await pod().podman(['container', 'inspect', '--format={{json .Config.CreateCommand}}', spec.name]);
      const argv = JSON.parse(stdout) as string[];
      expect(argv.slice(1)).to.deep.equal([
        'run',
        '-d',
        '--pull=never',
        `--name=${spec.name}`,
        `--network=${network}`,
        '--user=1000:1000',
        '--restart=unless-stopped',
        `-p=127.0.0.1:${hostPort}:8080`,
        `-v=${volumeDir}:/www:ro`,
        '-e=LOG_LEVEL=debug',
        '-e=SPACED=two words',
        '-e=APP_VERSION=overridden',
        `--label=mcp.service=${spec.labels['mcp.service']}`,
        '--label=mcp.component=web',
        spec.image,
        'httpd',
        '-f',
        '-p',
        '8080',
        '-h',
        '/www',
      ]);
    });
  });

  describe('lifecycle', () => {
    it('list follows run → stop → start → remove', async () => {
      const p = pod();
      const runtime = p.runtime();
      await runtime.pull(p.images.app);
      const name = p.name('life');
      const stateOf = async (): Promise<string | undefined> => (await runtime.list()).find((c) => c.name === name)?.state;

      await runtime.run({ name, image: p.images.app, labels: { 'mcp.service': name, 'mcp.component': name }, restart: 'no', ports: [], volumes: [], env: {}, cmd: [] });
      expect(await stateOf()).to.equal('running');
      const listed = (await runtime.list()).find((c) => c.name === name)!;
      expect(listed.labels).to.deep.equal({ 'mcp.service': name, 'mcp.component': name });
      expect(listed.startedAt).to.be.instanceOf(Date);

      await runtime.stop(name);
      expect(await stateOf()).to.equal('exited');
      await runtime.stop(name);

      await runtime.start(name);
      expect(await stateOf()).to.equal('running');

      await runtime.remove(name);
      expect(await stateOf()).to.equal(undefined);
      await runtime.remove(name);
    });

    it('removes containers that crash as they are removed (restart policy always), each on the first call', async () => {
      const p = pod();
      // Each lives about as long as the look before the rm takes, so that, with no grace before SIGKILL,
      // podman 4.3's rm --force often finds it running and then cannot kill it (one time in five here).
      const runtime = p.runtime({ stopTimeoutSeconds: 0 });
      await runtime.pull(p.images.app);
      for (let i = 0; i < 12; i++) {
        const name = p.name(`crash${i}`);
        const cmd = ['/bin/sh', '-c', `sleep 0.1${i % 6}; exit 1`];
        await runtime.run({ name, image: p.images.app, labels: {}, restart: 'always', ports: [], volumes: [], env: {}, cmd });
        await runtime.remove(name);
        expect(await runtime.inspect([name]), name).to.deep.equal([]);
      }
    });

    it('tries rm again only when the container exited as the first rm killed it', async () => {
      const dir = mkdtempSync(join(pod().tmpDir, 'racing-podman-'));
      const calls = join(dir, 'calls');
      const racingPodman = (stderr: string): PodmanRuntime => {
        const path = join(dir, 'podman');
        // Fails the first rm as podman 4.3 does, then succeeds; answers the look before the rm with "running".
        writeFileSync(
          path,
          [
            '#!/bin/sh',
            `echo "$1" >> ${calls}`,
            'if [ "$1" = container ]; then echo running; exit 0; fi',
            `if [ "$1" = rm ] && [ "$(grep -c '^rm$' ${calls})" = 1 ]; then printf '%s\n' '${stderr}' >&2; exit 2; fi`,
            'exit 0',
          ].join('\n'),
        );
        chmodSync(path, 0o755);
        writeFileSync(calls, '');
        return new PodmanRuntime({ podmanPath: path });
      };
      const rms = (): number => readFileSync(calls, 'utf8').split('\n').filter((l) => l === 'rm').length;

      await racingPodman('Error: cannot remove container 0465ba29cdf9 as it could not be stopped: sending SIGKILL to container 0465ba29cdf9: container state improper: stopped').remove('web');
      expect(rms()).to.equal(2);

      const e = await rejection(racingPodman('Error: container 0465ba29cdf9 is mounted and cannot be removed without using force: container state improper').remove('web'));
      expect([e.code, e.message]).to.deep.equal([ErrorCode.RuntimeFailed, 'remove web: container 0465ba29cdf9 is mounted and cannot be removed without using force: container state improper']);
      expect(rms()).to.equal(1);
    });

    it("reports start of an absent container as CONTAINER_NOT_FOUND with podman's message", async () => {
      const name = pod().name('nobody');
      const e = await rejection(pod().runtime().start(name));
      expect(e.code).to.equal(ErrorCode.ContainerNotFound);
      expect(e.message).to.contain(name).and.to.contain('no such container');
    });
  });

  describe('inspect', () => {
    it('inspects several containers in one call, skipping an absent name', async () => {
      const p = pod();
      const runtime = p.runtime();
      await runtime.pull(p.images.app);
      const [a, b, ghost] = [p.name('multi'), p.name('multi'), p.name('ghost')];
      const base = { image: p.images.app, labels: {}, restart: 'no', ports: [], volumes: [], env: {}, cmd: [] };
      await runtime.run({ ...base, name: a });
      await runtime.run({ ...base, name: b, env: { B: 'yes' } });
      await runtime.stop(b);
      const details = await runtime.inspect([ghost, a, b]);
      expect(details.map((d) => [d.name, d.state])).to.deep.equal([
        [a, 'running'],
        [b, 'exited'],
      ]);
    });

    it('gives adopt-ready details: env without the image env, cmd empty when it is the default', async () => {
      const p = pod();
      const runtime = p.runtime();
      await runtime.pull(p.images.app);
      const name = p.name('adopt');
      await runtime.run({ name, image: p.images.app, labels: {}, restart: 'always', ports: [], volumes: [], env: { OWN: 'mine' }, cmd: [] });
      const [d] = await runtime.inspect([name]);
      expect(d!.env).to.deep.equal({ OWN: 'mine' });
      expect(Object.keys(d!.env)).to.not.include.members(Object.keys(IMAGE_ENV));
      expect(d!.cmd).to.deep.equal([]);
      expect(d!.restart).to.equal('always');
      expect(d!.network).to.equal(undefined);
      expect(d!.user).to.equal(undefined);
      expect(d!.ports).to.deep.equal([]);
      expect(d!.volumes).to.deep.equal([]);
    });
  });

  describe('failures', () => {
    it('answers RUNTIME_UNAVAILABLE when the podman binary is missing', async () => {
      const runtime = new PodmanRuntime({ podmanPath: join(pod().tmpDir, 'no-such-dir', 'podman') });
      const e = await rejection(runtime.list());
      expect(e.code).to.equal(ErrorCode.RuntimeUnavailable);
      expect(e.message).to.contain('no-such-dir/podman');
      expect((await rejection(runtime.pull(pod().images.app))).code).to.equal(ErrorCode.RuntimeUnavailable);
    });

    it("answers RUNTIME_FAILED with podman's message when podman refuses the run", async () => {
      const p = pod();
      await p.runtime().pull(p.images.app);
      const name = p.name('badnet');
      const e = await rejection(
        p.runtime().run({ name, image: p.images.app, labels: {}, network: `${name}-missing`, restart: 'no', ports: [], volumes: [], env: {}, cmd: [] }),
      );
      expect(e.code).to.equal(ErrorCode.RuntimeFailed);
      expect(e.message).to.match(new RegExp(`^run ${name}: .*${name}-missing`));
      expect(e.message).to.not.contain('\n');
    });
  });
});
