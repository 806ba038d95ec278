import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DockerEngine } from '../../../src/adapters/runtime/docker/docker-engine';
import { DockerRuntime } from '../../../src/adapters/runtime/docker/docker-runtime.adapter';
import { DockerSecretFiles, SECRET_DIR_LABEL } from '../../../src/adapters/runtime/docker/docker-secret-files';
import { usePodmanFixture } from '../../support/podman/podman-fixture';

describe('DockerRuntime with secrets, through the Engine API (podman\'s compatible socket)', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();

  it('sets env secrets at create and mounts file secrets from a 0400 file that goes with the container', async () => {
    const p = pod();
    const root = mkdtempSync(join(p.tmpDir, 'dsec-'));
    const runtime = new DockerRuntime(new DockerEngine({ socketPath: p.dockerHost.replace(/^unix:\/\//, ''), stopTimeoutSeconds: 2 }), new DockerSecretFiles(root));
    await runtime.pull(p.images.app);
    const marker = `marker-${randomBytes(8).toString('hex')}`;
    const name = p.name('dsec');
    await runtime.run({
      name,
      image: p.images.app,
      labels: {},
      restart: 'no',
      ports: [],
      volumes: [],
      env: {},
      cmd: ['/bin/sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"],
      secrets: [
        { kind: 'env', target: 'DB_PASSWORD', secret: 'db-password', version: 1, value: Buffer.from(`${marker}-env`) },
        { kind: 'file', target: '/run/secrets/tls.key', secret: 'tls-key', version: 2, value: Buffer.from(`${marker}-file`) },
      ],
    });
    expect((await p.podman(['exec', name, 'sh', '-c', 'printf %s "$DB_PASSWORD"'])).stdout).to.equal(`${marker}-env`);
    expect((await p.podman(['exec', name, 'cat', '/run/secrets/tls.key'])).stdout).to.equal(`${marker}-file`);
    const [dir] = readdirSync(root);
    expect(statSync(join(root, dir!)).mode & 0o777).to.equal(0o700);
    const [file] = readdirSync(join(root, dir!));
    expect(statSync(join(root, dir!, file!)).mode & 0o777).to.equal(0o400);
    const inspect = (await p.podman(['container', 'inspect', name])).stdout;
    expect(inspect).to.not.contain(`${marker}-file`);
    expect(inspect).to.contain(`"${SECRET_DIR_LABEL}": "${join(root, dir!)}"`);
    await runtime.remove(name);
    expect(existsSync(join(root, dir!))).to.equal(false);
  });

  it("at agent start, removes the secret directories of its services' containers that no container names, and no other", async () => {
    const p = pod();
    const root = mkdtempSync(join(p.tmpDir, 'dsec-'));
    const runtime = new DockerRuntime(new DockerEngine({ socketPath: p.dockerHost.replace(/^unix:\/\//, ''), stopTimeoutSeconds: 2 }), new DockerSecretFiles(root));
    await runtime.pull(p.images.app);
    const service = p.name('dsw');
    const spec = (name: string) => ({
      name,
      image: p.images.app,
      labels: {},
      restart: 'no' as const,
      ports: [],
      volumes: [],
      env: {},
      cmd: ['/bin/sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"],
      secrets: [{ kind: 'file' as const, target: '/run/secrets/tls.key', secret: 'tls-key', version: 1, value: Buffer.from('v') }],
    });
    await runtime.run(spec(service));
    await runtime.run(spec(`${service}-gone`));
    const dirOf = async (name: string) => (JSON.parse((await p.podman(['container', 'inspect', name])).stdout) as Array<{ Config: { Labels: Record<string, string> } }>)[0]!.Config.Labels[SECRET_DIR_LABEL]!;
    const kept = await dirOf(service);
    const gone = await dirOf(`${service}-gone`);
    await p.podman(['rm', '-f', '-t', '0', `${service}-gone`]);
    const otherService = join(root, 'mcptest-elsewhere-api-0123abcd');
    mkdirSync(otherService);
    expect(await runtime.reapOrphans([service])).to.deep.equal([
      `${gone}: removed a secret directory no container names (its container removed by hand, or an agent killed before the create)`,
    ]);
    expect([existsSync(kept), existsSync(gone), existsSync(otherService)]).to.deep.equal([true, false, true]);
    expect((await p.podman(['exec', service, 'cat', '/run/secrets/tls.key'])).stdout).to.equal('v');
  });
});
