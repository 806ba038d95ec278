import 'reflect-metadata';
import { DeployUseCase } from '../src/application/agent/deploy.use-case';
import { KeyedLock } from '../src/application/agent/support/keyed-lock';
import { TypeormSecretStore } from '../src/adapters/registry/typeorm/typeorm-secret-store.adapter';
import { SecretCipher } from '../src/adapters/secrets/aes-gcm/secret-cipher';
import { SystemClock } from '../src/adapters/clock/system/system-clock';
import { type ComponentInput, createServiceSpec } from '../src/domain/service/service-spec';
import { randomBytes } from 'node:crypto';
import { gatedDeployPorts } from './deploy-gate.bench';
import { runAloneOnPodman, withPodmanBench } from './bench-podman';
import { compare, deployed, median, timeMs } from './bench-stats';

const COMPONENTS = 5;
const SECRETS = 3;
const SETTLE_MS = 500;
const RUNS = 3;

/**
 * A deploy of 5 components with 3 secrets each (2 env, 1 file) against the
 * same deploy without secrets, on real podman and SQLite: reading and
 * decrypting the values and making the podman secrets must cost ≤ 1.1×.
 */
export async function benchSecretsDeploy(): Promise<void> {
  await withPodmanBench('bsec', async ({ pod, db, prefix }) => {
    const runtime = pod.runtime();
    const secrets = new TypeormSecretStore((op, task, tx) => db.registry.exclusive(op, task, tx), async () => new SecretCipher(randomBytes(32)));
    const deploy = new DeployUseCase({
      ...gatedDeployPorts({ registry: db.registry, runtime, clock: new SystemClock(), lock: new KeyedLock(), settings: { nodeName: 'bench', settleTimeMs: SETTLE_MS } }),
      secrets,
    });
    const service = (name: string, withSecrets: boolean) =>
      createServiceSpec(
        {
          name,
          node: 'bench',
          components: Array.from({ length: COMPONENTS }, (_, i): ComponentInput => ({
            name: `c${i}`,
            image: pod.images.app,
            pull: 'missing',
            cmd: ['/bin/sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"],
            ...(withSecrets ? { secrets: { S0: 's0', S1: 's1' }, secretFiles: { '/run/secrets/s2': 's2' } } : {}),
          })),
        },
        'bench',
      );
    const plain = service(`${prefix}-plain`, false);
    const secret = service(`${prefix}-sec`, true);
    // Printable values: two of the three are environment variables, which cannot hold a NUL byte.
    for (let i = 0; i < SECRETS; i++) await secrets.put(secret.name, `s${i}`, Buffer.from(randomBytes(48).toString('base64')), 'bench', new Date());
    await deployed(deploy.execute({ spec: plain }));
    await deployed(deploy.execute({ spec: secret }));
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      base.push(await timeMs(() => deployed(deploy.execute({ spec: plain }))));
      ours.push(await timeMs(() => deployed(deploy.execute({ spec: secret }))));
    }
    console.log(`Deploy of ${COMPONENTS} components, settle_time ${SETTLE_MS} ms: with ${SECRETS} secrets each ${median(ours).toFixed(1)} ms, without ${median(base).toFixed(1)} ms`);
    compare(`Deploy with ${COMPONENTS}×${SECRETS} secrets vs without`, median(ours), median(base), 1.1);
    // Their containers go with the bench's prefix; their podman secrets go with them only through the runtime.
    for (const c of secret.components) await runtime.remove(`${secret.name}-${c.name}`);
  });
}

if (require.main === module) runAloneOnPodman(benchSecretsDeploy);
