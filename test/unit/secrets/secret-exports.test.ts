import { expect } from 'chai';
import { renderCompose } from '../../../src/adapters/export/compose/compose-file.render';
import { renderKube } from '../../../src/adapters/export/kube/kube-pod.render';
import { renderQuadlet } from '../../../src/adapters/export/quadlet/quadlet-unit.render';
import { createServiceSpec } from '../../../src/domain/service/service-spec';
import { makeSut, runMcp, spec } from '../cli/cli-sut';

const withSecrets = createServiceSpec(
  {
    name: 'metacrypt',
    node: 'rift',
    components: [{ name: 'api', image: 'reg/m:v1', secrets: { DB_PASSWORD: 'db-password' }, secretFiles: { '/run/secrets/tls.key': 'tls-key' } }],
  },
  'test',
);

describe('exports of secret references', () => {
  it('kube: env from secretKeyRef and a secret volume mounted at the path, 0400', () => {
    const text = renderKube(withSecrets)[0]!.content;
    expect(text).to.contain('valueFrom:\n            secretKeyRef:\n              name: "metacrypt-db-password"\n              key: "value"');
    expect(text).to.contain('secret:\n        secretName: "metacrypt-tls-key"\n        defaultMode: 256');
    expect(text).to.contain('mountPath: "/run/secrets/tls.key"\n          subPath: "tls.key"\n          readOnly: true');
    expect(text).to.contain('# Secret metacrypt-db-password (key "value") must exist: kubectl create secret generic metacrypt-db-password');
  });

  it('quadlet: one Secret= line per reference, env and mount', () => {
    const text = renderQuadlet(withSecrets)[0]!.content;
    expect(text).to.contain('Secret=metacrypt-db-password,type=env,target=DB_PASSWORD\n');
    expect(text).to.contain('Secret=metacrypt-tls-key,type=mount,target=/run/secrets/tls.key,mode=0400\n');
    expect(text).to.contain('# Needs the podman secret metacrypt-tls-key: podman secret create metacrypt-tls-key <file>');
  });

  it('compose: an env secret is EXPORT_UNSUPPORTED naming service, component and secrets.<VAR> (compose mounts secrets as files only)', () => {
    expect(() => renderCompose(withSecrets)).to.throw(
      'cannot export service metacrypt to compose: component api: secrets.DB_PASSWORD "db-password": a secret is only ever a file, never an environment variable in compose',
    );
    try {
      renderCompose(withSecrets);
    } catch (e) {
      expect((e as { code: string }).code).to.equal('EXPORT_UNSUPPORTED');
    }
  });

  it('compose: a file secret at /run/secrets/<external name> is a service secret from a top-level external secret, mode "0400" (podman reads it in octal)', () => {
    const at = createServiceSpec(
      { name: 'metacrypt', node: 'rift', components: [{ name: 'api', image: 'reg/m:v1', secretFiles: { '/run/secrets/metacrypt-tls-key': 'tls-key' } }, { name: 'web', image: 'reg/w:v1', secretFiles: { '/run/secrets/metacrypt-tls-key': 'tls-key' } }] },
      'test',
    );
    const text = renderCompose(at)[0]!.content;
    expect(text).to.contain('    secrets:\n      - source: "metacrypt-tls-key"\n        mode: "0400"\n');
    expect(text).not.to.contain('target:');
    expect(text).to.contain('secrets:\n  metacrypt-tls-key:\n    name: "metacrypt-tls-key"\n    external: true\n');
    expect(text.match(/# Needs the podman secret metacrypt-tls-key: podman secret create metacrypt-tls-key <file>\n/g)).to.have.length(1);
  });

  it('compose: a file secret at another path is EXPORT_UNSUPPORTED naming secret_files."<path>" (podman-compose stops on any other target)', () => {
    const elsewhere = createServiceSpec({ name: 'metacrypt', node: 'rift', components: [{ name: 'api', image: 'reg/m:v1', secretFiles: { '/run/secrets/tls.key': 'tls-key' } }] }, 'test');
    expect(() => renderCompose(elsewhere)).to.throw(
      'cannot export service metacrypt to compose: component api: secret_files."/run/secrets/tls.key" "tls-key": podman-compose mounts the external secret metacrypt-tls-key only at /run/secrets/metacrypt-tls-key in compose',
    );
  });
});

describe('adopt of containers with env', () => {
  it('keeps the env and says which, and that mcp secret set would be safer', async () => {
    const sut = makeSut();
    const adopted = spec({ components: [{ name: 'api', image: 'registry.example/metacrypt:v1', env: { DB_PASSWORD: 'x', LOG_LEVEL: 'info' } }] });
    const node = sut.gateways.node('rift').hold(adopted);
    node.adoptAnswer = { service: 'metacrypt', results: [{ component: 'api', container: 'metacrypt-api', ok: true }] };
    const r = await runMcp(sut, ['adopt', 'metacrypt', '--node', 'rift']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain('env kept in the spec as the containers had it: api (DB_PASSWORD, LOG_LEVEL).\n');
    expect(r.stdout).to.contain('`mcp secret set metacrypt <name>`');
    expect(r.stdout).to.not.contain('info');
  });

  it('names only the components adopted now, not those the service already had from its file', async () => {
    const sut = makeSut();
    const held = spec({
      components: [
        { name: 'api', image: 'registry.example/metacrypt:v1', env: { DB_PASSWORD: 'x' } },
        { name: 'web', image: 'registry.example/metacrypt-web:v1', env: { LOG_LEVEL: 'info' } },
      ],
    });
    const node = sut.gateways.node('rift').hold(held);
    node.adoptAnswer = { service: 'metacrypt', results: [{ component: 'api', container: 'metacrypt-api', ok: true }] };
    const r = await runMcp(sut, ['adopt', 'metacrypt', '--node', 'rift']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain('env kept in the spec as the containers had it: api (DB_PASSWORD).\n');
  });
});
