import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
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
});
