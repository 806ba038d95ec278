import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { FormatServiceExporter } from '../../../src/adapters/export/service-exporter.adapter';
import { type ServiceSpec, createServiceSpec } from '../../../src/domain/service/service-spec';
import { httpGetEventually } from '../../support/http';
import { freePort } from '../../support/net/free-port';
import { type SuitePodman, usePodmanFixture } from '../../support/podman/podman-fixture';

interface Inspected {
  Name: string;
  ImageName: string;
  Config: { Env: string[]; Cmd: string[] | null; User: string };
  HostConfig: { RestartPolicy: { Name: string; MaximumRetryCount: number }; PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }>> };
  Mounts: Array<{ Source: string; Destination: string; RW: boolean }>;
}

async function inspect(pod: SuitePodman, name: string): Promise<Inspected> {
  const { stdout } = await pod.podman(['container', 'inspect', '--', name]);
  return (JSON.parse(stdout) as Inspected[])[0]!;
}

/** A service whose exported form can be checked from outside: httpd serving a bind-mounted directory on a published port. */
function serviceSpec(name: string, image: string, www: string, port: number): ServiceSpec {
  return createServiceSpec(
    {
      name,
      node: 'rift',
      components: [
        {
          name: 'web',
          image,
          restart: 'always',
          pull: 'missing',
          ports: [`127.0.0.1:${port}:8080`],
          volumes: [`${www}:/www:ro`],
          cmd: ['httpd', '-f', '-p', '8080', '-h', '/www'],
          env: { GREETING: 'hello world', PRICE: '$5' },
        },
        { name: 'worker', image, restart: 'on-failure', user: '1000:1000', env: { ROLE: 'worker' } },
      ],
    },
    'test',
  );
}

/** What the exported files must make podman run, whatever the format. */
async function expectRunsLikeMcp(pod: SuitePodman, containers: { web: string; worker: string }, spec: ServiceSpec, port: number, www: string, bindings: (web: Inspected) => Promise<Inspected['HostConfig']['PortBindings']>): Promise<void> {
  const web = await inspect(pod, containers.web);
  expect(web.ImageName).to.equal(spec.components[0]!.image);
  expect(web.Config.Cmd).to.deep.equal(['httpd', '-f', '-p', '8080', '-h', '/www']);
  expect(web.Config.Env).to.include.members(['GREETING=hello world', 'PRICE=$5']);
  expect(web.HostConfig.RestartPolicy.Name).to.equal('always');
  expect((await bindings(web))['8080/tcp']).to.deep.equal([{ HostIp: '127.0.0.1', HostPort: String(port) }]);
  const mount = web.Mounts.find((m) => m.Destination === '/www');
  expect(mount).to.include({ Source: www, RW: false });
  expect(await httpGetEventually(`http://127.0.0.1:${port}/index.html`)).to.equal('exported\n');

  const worker = await inspect(pod, containers.worker);
  expect(worker.HostConfig.RestartPolicy.Name).to.equal('on-failure');
  expect(worker.Config.User).to.equal('1000:1000');
  expect(worker.Config.Env).to.include('ROLE=worker');
}

function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { env: { ...process.env, ...env }, cwd, timeout: 180_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('exported services run on real podman', function () {
  this.timeout(300_000);
  const pod = usePodmanFixture();
  const exporter = new FormatServiceExporter();

  let image: string;
  before(async () => {
    // Real images set PATH; podman run supplies a default when one does not, podman kube play does not.
    image = await pod().publishImage('export', 'v1', { env: { PATH: '/bin' } });
  });

  async function setUp(label: string): Promise<{ dir: string; www: string; port: number; spec: ServiceSpec }> {
    const port = await freePort();
    const name = pod().name(label);
    const dir = join(pod().tmpDir, name);
    const www = join(dir, 'www');
    mkdirSync(www, { recursive: true });
    writeFileSync(join(www, 'index.html'), 'exported\n');
    return { dir, www, port, spec: serviceSpec(name, image, www, port) };
  }

  it('kube: `podman kube play` runs every component with its image, command, env, ports, volumes and restart policy', async () => {
    const { dir, www, port, spec } = await setUp('kube');
    const [file] = exporter.render(spec, 'kube');
    const path = join(dir, file!.name);
    writeFileSync(path, file!.content);
    try {
      await pod().podman(['kube', 'play', path]);
      // podman names a Pod's container <pod>-<container>; the Pod is named like MCP's container.
      // A Pod's ports are published by its infra container.
      const podBindings = async () => {
        const { stdout } = await pod().podman(['pod', 'inspect', '--', `${spec.name}-web`]);
        return (JSON.parse(stdout) as { InfraConfig: { PortBindings: Inspected['HostConfig']['PortBindings'] } }).InfraConfig.PortBindings;
      };
      await expectRunsLikeMcp(pod(), { web: `${spec.name}-web-web`, worker: `${spec.name}-worker-worker` }, spec, port, www, podBindings);
    } finally {
      await pod().podman(['kube', 'down', path]);
    }
    const { stdout } = await pod().podman(['pod', 'ps', '--format={{.Name}}']);
    expect(stdout).not.to.contain(spec.name);
  });

  it('compose: podman-compose accepts the file (--dry-run) and `up -d` runs it, `down` removes it', async () => {
    const { dir, www, port, spec } = await setUp('compose');
    const [file] = exporter.render(spec, 'compose');
    const path = join(dir, file!.name);
    writeFileSync(path, file!.content);
    const compose = (args: string[]) => run('podman-compose', ['-p', spec.name, '-f', path, ...args], pod().env as unknown as NodeJS.ProcessEnv, dir);
    // Debian's podman-compose 1.0.3 has no `config` command: --dry-run parses and resolves the whole file without running anything.
    const config = await compose(['--dry-run', 'up', '-d']);
    expect(config.code, config.stderr).to.equal(0);
    expect(config.stdout + config.stderr).to.contain(`--name=${spec.name}-web`);
    try {
      const up = await compose(['up', '-d']);
      expect(up.code, up.stderr + up.stdout).to.equal(0);
      await expectRunsLikeMcp(pod(), { web: `${spec.name}-web`, worker: `${spec.name}-worker` }, spec, port, www, async (web) => web.HostConfig.PortBindings);
    } finally {
      const down = await compose(['down']);
      expect(down.code, down.stderr).to.equal(0);
    }
    const { stdout } = await pod().podman(['ps', '-a', '--format={{.Names}}']);
    expect(stdout).not.to.contain(spec.name);
  });
  it('compose: a file secret is mounted from the external podman secret at /run/secrets/<name>, 0400, by podman-compose', async () => {
    const { dir, spec: base } = await setUp('composesec');
    const secretName = `${base.name}-key`;
    const spec = createServiceSpec({ name: base.name, node: 'rift', components: [{ name: 'api', image, cmd: ['sleep', '3600'], secretFiles: { [`/run/secrets/${secretName}`]: 'key' } }] }, 'test');
    const [file] = exporter.render(spec, 'compose');
    const path = join(dir, file!.name);
    writeFileSync(path, file!.content);
    const value = join(dir, 'value');
    writeFileSync(value, 'FILEsecretZZ');
    await pod().podman(['secret', 'create', secretName, value]);
    const compose = (args: string[]) => run('podman-compose', ['-p', spec.name, '-f', path, ...args], pod().env as unknown as NodeJS.ProcessEnv, dir);
    try {
      const up = await compose(['up', '-d']);
      expect(up.code, up.stderr + up.stdout).to.equal(0);
      const container = `${spec.name}-api`;
      expect((await pod().podman(['exec', container, 'cat', `/run/secrets/${secretName}`])).stdout).to.equal('FILEsecretZZ');
      // 0400, as MCP mounts it (a YAML number 256 became podman's octal 0256).
      expect((await pod().podman(['exec', container, 'stat', '-c', '%a', `/run/secrets/${secretName}`])).stdout.trim()).to.equal('400');
    } finally {
      const down = await compose(['down']);
      await pod().podman(['secret', 'rm', secretName]);
      expect(down.code, down.stderr).to.equal(0);
    }
  });
});
