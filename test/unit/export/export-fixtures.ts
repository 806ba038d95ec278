import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ComponentInput, type ServiceSpec, createServiceSpec } from '../../../src/domain/service/service-spec';
import { repoRoot } from '../../support/repo-root';

/** The contract's example service, plus a host-network component (or on `cacheNetwork`) with a named user and volume. */
export function metacrypt(over: { active?: boolean; cacheNetwork?: string } = {}): ServiceSpec {
  return createServiceSpec(
    {
      name: 'metacrypt',
      node: 'rift',
      ...(over.active !== undefined ? { active: over.active } : {}),
      components: [
        {
          name: 'api',
          image: 'registry.example/metacrypt:v1.2.0',
          user: '0:0',
          restart: 'on-failure',
          ports: ['127.0.0.1:8443:8443', '9000:9000/udp'],
          volumes: ['/srv/metacrypt:/srv/metacrypt:Z', '/etc/ssl/certs:/certs:ro'],
          cmd: ['server', '--config', '/srv/metacrypt/metacrypt.toml', 'two words', '50%'],
          env: { LOG_LEVEL: 'info', ANSWER: 'no' },
        },
        { name: 'cache', image: 'registry.example/cache:7', network: over.cacheNetwork ?? 'host', pull: 'missing', volumes: ['cachedata:/data'] },
      ],
    },
    'test',
  );
}

/** metacrypt with one component changed: for the error cases. */
export function withComponent(c: Partial<ComponentInput>): ServiceSpec {
  return createServiceSpec({ name: 'metacrypt', node: 'rift', components: [{ name: 'api', image: 'registry.example/metacrypt:v1.2.0', ...c }] }, 'test');
}

export function golden(name: string): string {
  return readFileSync(join(repoRoot, 'test', 'unit', 'export', 'golden', name), 'utf8');
}
