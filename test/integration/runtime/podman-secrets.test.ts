import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MAX_SECRET_BYTES } from '../../../src/application/agent/secrets/secret-use-cases';
import type { ContainerSpec, SecretMount } from '../../../src/domain/service/container-spec';
import { PodmanCli } from '../../../src/adapters/runtime/podman/podman-cli';
import { PodmanSecrets } from '../../../src/adapters/runtime/podman/podman-secrets';
import { usePodmanFixture } from '../../support/podman/podman-fixture';
import { rejection } from '../../support/rejection';

/** podman secret names MCP made for containers of this test (prefix mcp-<container>-). */
async function podmanSecretsOf(pod: ReturnType<ReturnType<typeof usePodmanFixture>>, container: string): Promise<string[]> {
  const { stdout } = await pod.podman(['secret', 'ls', '--format={{.Name}}']);
  return stdout.split('\n').filter((n) => n.startsWith(`mcp-${container}-`));
}

describe('PodmanRuntime with secrets, against real podman', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();
  const marker = `marker-${randomBytes(8).toString('hex')}`;
  const made: string[] = [];

  after(async () => {
    for (const c of made) {
      const left = await podmanSecretsOf(pod(), c);
      if (left.length > 0) await pod().podman(['secret', 'rm', ...left]);
    }
  });

  function specWith(name: string, mounts: readonly SecretMount[]): ContainerSpec {
    made.push(name);
    return {
      name,
      image: pod().images.app,
      labels: {},
      restart: 'no',
      ports: [],
      volumes: [],
      env: { PLAIN: 'visible' },
      cmd: ['/bin/sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"],
      secrets: mounts,
    };
  }

  const mounts = (version: number, value: string): SecretMount[] => [
    { kind: 'env', target: 'DB_PASSWORD', secret: 'db-password', version, value: Buffer.from(`${value}-env`) },
    { kind: 'file', target: '/run/secrets/tls.key', secret: 'tls-key', version, value: Buffer.from(`${value}-file`) },
  ];

  it('gives the container the env and a 0400 file; inspect shows the file value nowhere, the create command no value', async () => {
    const p = pod();
    await p.runtime().pull(p.images.app);
    const runtime = p.runtime();
    const name = p.name('sec');
    await runtime.run(specWith(name, mounts(1, marker)));
    const env = await p.podman(['exec', name, 'sh', '-c', 'printf %s "$DB_PASSWORD"']);
    expect(env.stdout).to.equal(`${marker}-env`);
    const file = await p.podman(['exec', name, 'sh', '-c', 'cat /run/secrets/tls.key; echo; stat -c %a /run/secrets/tls.key']);
    expect(file.stdout).to.equal(`${marker}-file\n400\n`);
    const inspect = (await p.podman(['container', 'inspect', name])).stdout;
    expect(inspect).to.not.contain(`${marker}-file`);
    const parsed = JSON.parse(inspect) as Array<{ Config: { CreateCommand: string[]; Labels: Record<string, string> } }>;
    expect(JSON.stringify(parsed[0]!.Config.CreateCommand)).to.not.contain(marker);
    expect(JSON.stringify(parsed[0]!.Config.Labels ?? {})).to.not.contain(marker);
    // podman 4.3 lists type=env secrets in Config.Env (documented in docs/ARCHITECTURE.md "Secrets"): not asserted either way.
    expect(await podmanSecretsOf(p, name)).to.have.length(2);
  });

  it('keeps the podman secrets across a restart, gives two runs of one version their own, and removes them with the container that used them', async () => {
    const p = pod();
    const runtime = p.runtime();
    const name = p.name('rot');
    await runtime.run(specWith(name, mounts(3, 'first')));
    await runtime.stop(name);
    await runtime.start(name);
    expect((await p.podman(['exec', name, 'cat', '/run/secrets/tls.key'])).stdout).to.equal('first-file');
    const first = await podmanSecretsOf(p, name);
    // As a deploy does: the old container waits under another name while the new one runs the same version.
    await runtime.rename(name, `${name}.mcp-prev`);
    await runtime.run(specWith(name, mounts(3, 'second')));
    const both = await podmanSecretsOf(p, name);
    expect(both).to.have.length(4);
    await runtime.remove(`${name}.mcp-prev`);
    const left = await podmanSecretsOf(p, name);
    expect(left).to.have.length(2);
    expect(left.some((n) => first.includes(n))).to.equal(false);
    expect((await p.podman(['exec', name, 'sh', '-c', 'printf %s "$DB_PASSWORD"'])).stdout).to.equal('second-env');
    // A runtime that did not make the container (the agent restarted) finds them through inspect.
    await p.runtime().remove(name);
    expect(await podmanSecretsOf(p, name)).to.deep.equal([]);
  });

  it("takes a value byte for byte through podman's stdin: the largest MCP allows (64 KiB, a whole pipe buffer) and three times that", async () => {
    const p = pod();
    await p.runtime().pull(p.images.app);
    for (const size of [MAX_SECRET_BYTES, 3 * MAX_SECRET_BYTES]) {
      const name = p.name('big');
      const value = randomBytes(size);
      await p.runtime().run(specWith(name, [{ kind: 'file', target: '/run/secrets/big', secret: 'big', version: 1, value }]));
      const sum = await p.podman(['exec', name, 'sh', '-c', 'md5sum < /run/secrets/big; wc -c < /run/secrets/big']);
      expect(sum.stdout.split(/\s+/).filter((w) => w !== '' && w !== '-')).to.deep.equal([createHash('md5').update(value).digest('hex'), String(size)]);
    }
    expect(readdirSync('/dev/shm').filter((d) => d.startsWith(`mcp-secret-p${process.pid}-`)), 'no FIFO directory left').to.deep.equal([]);
  });

  it('removes the podman secrets it made when the run fails', async () => {
    const p = pod();
    const name = p.name('bad');
    const spec = { ...specWith(name, mounts(1, 'x')), image: 'localhost/mcp-no-such-image:v0' };
    await rejection(p.runtime().run(spec));
    expect(await podmanSecretsOf(p, name)).to.deep.equal([]);
  });

  it("at agent start, removes MCP's podman secrets of its services that no container uses, and no other secret", async () => {
    const p = pod();
    const service = p.name('orph');
    const other = p.name('elsewhere');
    made.push(other);
    await p.runtime().run(specWith(service, mounts(1, 'kept')));
    const inUse = await podmanSecretsOf(p, service);
    const valueFile = join(p.tmpDir, `value-${randomBytes(3).toString('hex')}`);
    writeFileSync(valueFile, marker, { mode: 0o600 });
    const orphan = `mcp-${service}-db-password-v2-0123abcd`;
    const notOurShape = `mcp-${service}-by-hand`;
    const otherService = `mcp-${other}-db-password-v1-0123abcd`;
    for (const n of [orphan, notOurShape, otherService]) await p.podman(['secret', 'create', '--', n, valueFile]);
    const done = await p.runtime().reapOrphans([service]);
    expect(done.filter((l) => l.includes('podman secret'))).to.deep.equal([`${orphan}: removed a podman secret no container uses (an agent killed between its create and its container's run, or a failed removal)`]);
    expect((await podmanSecretsOf(p, service)).sort()).to.deep.equal([...inUse, notOurShape].sort());
    expect(await podmanSecretsOf(p, other)).to.deep.equal([otherService]);
    expect((await p.podman(['exec', service, 'sh', '-c', 'printf %s "$DB_PASSWORD"'])).stdout).to.equal('kept-env');
  });

  it('removes no secret when the containers cannot be read (a stand-in podman whose inspect fails)', async () => {
    const dir = join(pod().tmpDir, `standin-${randomBytes(3).toString('hex')}`);
    mkdirSync(dir);
    const removed = join(dir, 'removed');
    const podman = join(dir, 'podman');
    writeFileSync(
      podman,
      `#!/bin/sh\ncase "$1 $2" in\n"secret ls") echo mcp-svc-api-db-password-v1-0123abcd ;;\n"container inspect") echo 'no such container' >&2; exit 125 ;;\n"secret rm") touch '${removed}' ;;\nesac\n`,
      { mode: 0o755 },
    );
    const done = await new PodmanSecrets(new PodmanCli({ podmanPath: podman })).sweepUnused(['svc'], new Set(['0'.repeat(64)]));
    expect(done).to.deep.equal(['(no look for podman secrets left behind: inspect containers: no such container)']);
    expect(existsSync(removed)).to.equal(false);
  });

  it('at agent start, removes the value directory an agent killed during `podman secret create` left in tmpfs', async () => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await once(child, 'exit');
    const dir = `/dev/shm/mcp-secret-p${child.pid!}-${randomBytes(3).toString('hex')}`;
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'value'), marker, { mode: 0o600 });
    const done = await pod().runtime().reapOrphans([]);
    expect(existsSync(dir)).to.equal(false);
    expect(done.join('\n')).to.contain(basename(dir));
  });
});
