import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import { DockerEngine } from '../../../src/adapters/runtime/docker/docker-engine';
import { DockerEvents } from '../../../src/adapters/runtime/docker/docker-events.adapter';
import { DockerRuntime } from '../../../src/adapters/runtime/docker/docker-runtime.adapter';
import { ErrorCode } from '../../../src/domain/errors/domain-error';
import { type ContainerSpec, toContainerSpec } from '../../../src/domain/service/container-spec';
import { dockerCli } from '../../support/docker/docker-cli';
import { type Dockerd, useDockerd } from '../../support/docker/dockerd';
import { freePort } from '../../support/net/free-port';
import { type SuitePodman, usePodmanFixture } from '../../support/podman/podman-fixture';
import { httpGetEventually } from '../../support/http';
import { rejection } from '../../support/rejection';
import { repoRoot } from '../../support/repo-root';
import { waitFor } from '../../support/wait-for';

interface Engine {
  /** The engine's socket. */
  socket(): string;
  /** The network to run the full component on, and whether the engine can publish ports there. */
  network(p: SuitePodman): Promise<{ name: string; publishes: boolean }>;
}

/** A full component through the API, read back for adopt: the same meaning as through podman's CLI. */
function fullComponent(label: string, pod: () => SuitePodman, engine: Engine): void {
  describe(`a full component on ${label}`, function () {
    this.timeout(120_000);
    let runtime: DockerRuntime;
    let spec: ContainerSpec;
    let httpPort: number;
    let published: string[];
    let network: string;
    let volumeDir: string;

    before(async function () {
      const p = pod();
      runtime = new DockerRuntime(new DockerEngine({ socketPath: engine.socket(), stopTimeoutSeconds: 2 }));
      await runtime.pull(p.images.app);
      volumeDir = mkdtempSync(join(p.tmpDir, 'dvol-'));
      chmodSync(volumeDir, 0o755);
      writeFileSync(join(volumeDir, 'index.html'), 'served from the volume\n');
      const net = await engine.network(p);
      network = net.name;
      // On the host network httpd listens on the host itself; elsewhere its port is published.
      httpPort = await freePort();
      const containerPort = net.publishes ? 8080 : httpPort;
      published = net.publishes ? [`127.0.0.1:${httpPort}:8080`] : [];
      spec = toContainerSpec(p.name('dfull'), {
        name: 'web',
        image: p.images.app,
        network,
        user: '1000:1000',
        restart: 'unless-stopped',
        ports: published,
        volumes: [`${volumeDir}:/www:ro`],
        cmd: ['httpd', '-f', '-p', String(containerPort), '-h', '/www'],
        env: { LOG_LEVEL: 'debug', SPACED: 'two words', APP_VERSION: 'overridden' },
        pull: 'always',
      });
      await runtime.run(spec);
    });

    after(async () => {
      await runtime.remove(spec.name);
    });

    it('serves from the mounted volume, as the user given', async () => {
      expect(await httpGetEventually(`http://127.0.0.1:${httpPort}/index.html`)).to.equal('served from the volume\n');
    });

    it('reads back network, user, restart, ports, volumes, cmd, env and labels', async () => {
      const [d] = await runtime.inspect([spec.name]);
      expect(d!).to.deep.include({ name: spec.name, image: spec.image, state: 'running', network, user: '1000:1000', restart: 'unless-stopped' });
      expect(d!.ports).to.deep.equal(published);
      expect(d!.volumes).to.deep.equal([`${volumeDir}:/www:ro`]);
      expect(d!.cmd).to.deep.equal(spec.cmd);
      // APP_VERSION overrides the image's value, so it is the operator's; MCP_TEST_IMAGE is the image's own.
      expect(d!.env).to.deep.equal({ LOG_LEVEL: 'debug', SPACED: 'two words', APP_VERSION: 'overridden' });
      expect(d!.labels).to.deep.equal(spec.labels);
      expect(d!.startedAt).to.be.instanceOf(Date);
    });

    it('gives adopt-ready details for a bare container: no env, cmd, network, user, ports or volumes of its own', async () => {
      const name = pod().name('dbare');
      await runtime.run({ name, image: pod().images.app, labels: {}, restart: 'always', ports: [], volumes: [], env: {}, cmd: [] });
      try {
        const [d] = await runtime.inspect([name]);
        expect(d!).to.deep.include({ env: {}, cmd: [], restart: 'always', ports: [], volumes: [] });
        expect(d!.network).to.equal(undefined);
        expect(d!.user).to.equal(undefined);
      } finally {
        await runtime.remove(name);
      }
    });
  });
}

describe('DockerRuntime against real engines', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();
  const dockerd: () => Dockerd = useDockerd();

  describe('on dockerd', () => {
    // dockerd runs with --bridge=none: no port publishing, so the host network.
    fullComponent('dockerd', pod, { socket: () => dockerd().socketPath, network: async () => ({ name: 'host', publishes: false }) });
  });

  describe('start times on dockerd (the API lists none)', () => {
    it('lists the start time of a running container, and the new one after it restarted between two listings', async function () {
      const p = pod();
      const runtime = new DockerRuntime(new DockerEngine({ socketPath: dockerd().socketPath, stopTimeoutSeconds: 1 }));
      await runtime.pull(p.images.app);
      const name = p.name('dstart');
      await runtime.run({ name, image: p.images.app, labels: {}, restart: 'no', ports: [], volumes: [], env: {}, cmd: [] });
      const startedOf = async (): Promise<Date | undefined> => (await runtime.list()).find((c) => c.name === name)?.startedAt;
      const first = await startedOf();
      expect(first).to.deep.equal((await runtime.inspect([name]))[0]!.startedAt);
      // Until dockerd's own listing (the "Up N seconds" text the runtime reads) could no longer stand for a start just now.
      await waitFor('dockerd to list the container as up for 5 s or more', 30_000, async () =>
        /^Up (([5-9]|\d{2,}) seconds|About a minute|\d+ minutes)/.test((await dockerCli(dockerd().socketPath, ['ps', '--filter', `name=^${name}$`, '--format', '{{.Status}}'])).trim()) ? true : undefined,
      );
      expect(await startedOf()).to.deep.equal(first);
      // Behind the back of this runtime object: another client restarts it.
      const other = new DockerRuntime(new DockerEngine({ socketPath: dockerd().socketPath, stopTimeoutSeconds: 1 }));
      await other.stop(name);
      await other.start(name);
      const second = await startedOf();
      expect(second).to.deep.equal((await runtime.inspect([name]))[0]!.startedAt);
      expect(second!.getTime()).to.be.greaterThan(first!.getTime());
      await runtime.remove(name);
    });
  });

  describe("on podman's socket", () => {
    fullComponent("podman's socket", pod, {
      socket: () => pod().dockerHost.replace(/^unix:\/\//, ''),
      network: async (p) => ({ name: await p.network(), publishes: true }),
    });
  });

  describe('an engine out of reach', () => {
    it('answers RUNTIME_UNAVAILABLE naming the socket when it is missing, for every kind of call', async () => {
      const socket = join(pod().tmpDir, 'no-such-dir', 'docker.sock');
      const runtime = new DockerRuntime(new DockerEngine({ socketPath: socket }));
      for (const call of [runtime.list(), runtime.pull(pod().images.app), runtime.start('x'), runtime.inspect(['x']), runtime.hasImage('x')]) {
        const e = await rejection(call);
        expect(e.code).to.equal(ErrorCode.RuntimeUnavailable);
        expect(e.message).to.contain(`no Docker engine at ${socket} (socket missing)`);
        expect(e.message).to.not.contain('\n');
      }
      const events = new DockerEvents(new DockerEngine({ socketPath: socket }));
      const e = await rejection((async () => {
        for await (const _ of events.follow(new AbortController().signal)) void _;
      })());
      expect(e.code).to.equal(ErrorCode.RuntimeUnavailable);
    });

    it('answers RUNTIME_UNAVAILABLE with the engine\'s words when its API is newer than 1.41 allows', async () => {
      // A stand-in for a future dockerd on a real unix socket: it answers every request as Docker 29 answers an old client.
      const socket = join(pod().tmpDir, 'new-engine.sock');
      const paths: string[] = [];
      const server = createServer((req, res) => {
        paths.push(req.url ?? '');
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: 'client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer version' }));
      });
      await new Promise<void>((resolve) => server.listen(socket, resolve));
      try {
        const e = await rejection(new DockerRuntime(new DockerEngine({ socketPath: socket })).list());
        expect(e.code).to.equal(ErrorCode.RuntimeUnavailable);
        expect(e.message).to.equal(
          `list containers: the Docker engine at ${socket} does not speak API 1.41: client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer version`,
        );
        expect(paths[0]).to.match(/^\/v1\.41\/containers\/json/);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('answers RUNTIME_UNAVAILABLE naming the socket when the agent may not use it (permission denied)', async () => {
      // Root may open any socket: the adapter runs in a child as nobody, against a socket only root may use.
      const dir = mkdtempSync(join(pod().tmpDir, 'perm-'));
      chmodSync(dir, 0o755);
      const socket = join(dir, 'docker.sock');
      const server = createNetServer((c) => c.destroy());
      await new Promise<void>((resolve) => server.listen(socket, resolve));
      chmodSync(socket, 0o600);
      try {
        const adapters = join(repoRoot, 'dist/src/adapters/runtime/docker/docker-adapters.js');
        const script = `require(${JSON.stringify(adapters)}).dockerAdapters({ socketPath: ${JSON.stringify(socket)} }).runtime.list()
          .then(() => console.log('{}'), (e) => console.log(JSON.stringify({ code: e.code, message: e.message })));`;
        const out = await new Promise<string>((resolve, reject) =>
          execFile('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, '-e', script], { timeout: 30_000 }, (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}: ${stderr}`)) : resolve(stdout),
          ),
        );
        expect(JSON.parse(out)).to.deep.equal({
          code: ErrorCode.RuntimeUnavailable,
          message: `list containers: no Docker engine at ${socket} (permission denied): start it or fix [agent] runtime_socket`,
        });
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('answers RUNTIME_UNAVAILABLE when the path is a plain file, where nothing listens', async () => {
      const path = join(pod().tmpDir, 'plain-file.sock');
      writeFileSync(path, '');
      const e = await rejection(new DockerRuntime(new DockerEngine({ socketPath: path })).list());
      expect(e.code).to.equal(ErrorCode.RuntimeUnavailable);
      expect(e.message).to.contain(path);
    });
  });
});
