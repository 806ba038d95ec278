import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerSecretFiles } from '../../../src/adapters/runtime/docker/docker-secret-files';
import type { ContainerSpec } from '../../../src/domain/service/container-spec';

describe('DockerSecretFiles', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'mcp-dsec-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('leaves no file behind when writing one of them fails', async () => {
    const spec: ContainerSpec = {
      name: 'svc-api',
      image: 'reg/a:v1',
      labels: {},
      restart: 'no',
      ports: [],
      volumes: [],
      env: {},
      cmd: [],
      secrets: [
        { kind: 'file', target: '/run/secrets/a', secret: 'a', version: 1, value: Buffer.from('written-first') },
        // Not bytes: writeFile refuses it, after the first file was written.
        { kind: 'file', target: '/run/secrets/b', secret: 'b', version: 1, value: undefined as unknown as Uint8Array },
      ],
    };
    const failed = await new DockerSecretFiles(root).prepare(spec).then(
      () => false,
      () => true,
    );
    expect(failed, 'prepare must fail').to.equal(true);
    expect(readdirSync(root)).to.deep.equal([]);
  });
});
