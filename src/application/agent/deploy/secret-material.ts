import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import type { ContainerSpec, SecretMount } from '../../../domain/service/container-spec';
import type { ComponentSpec } from '../../../domain/service/service-spec';
import type { SecretStore } from '../ports/secret-store.port';

/** Per component: the secret version (by name) to run; absent = the current one. */
export type SecretVersions = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** Per component, the values its container gets. */
export type SecretMaterial = ReadonlyMap<string, readonly SecretMount[]>;

/**
 * Reads every secret the targets use, before anything is pulled or touched:
 * one the node does not hold refuses the deploy (SECRET_NOT_FOUND naming
 * service, component and key). `pinned` (a rollback) asks for the versions a
 * revision ran; one no longer kept refuses too, saying so. A value with a
 * NUL byte cannot be an environment variable: refused for `secrets` (it
 * still mounts as a file).
 */
export async function resolveSecretMaterial(
  store: SecretStore | undefined,
  service: string,
  node: string,
  targets: readonly ComponentSpec[],
  pinned: SecretVersions = {},
): Promise<SecretMaterial> {
  const material = new Map<string, SecretMount[]>();
  const read = new Map<string, Promise<{ version: number; value: Uint8Array } | undefined>>();
  for (const c of targets) {
    const refs: Array<[SecretMount['kind'], string, string]> = [
      ...Object.entries(c.secrets ?? {}).map(([env, secret]): [SecretMount['kind'], string, string] => ['env', env, secret]),
      ...Object.entries(c.secretFiles ?? {}).map(([path, secret]): [SecretMount['kind'], string, string] => ['file', path, secret]),
    ];
    const mounts: SecretMount[] = [];
    for (const [kind, target, secret] of refs) {
      const version = pinned[c.name]?.[secret];
      const key = `${secret}\0${version ?? ''}`;
      if (!read.has(key)) read.set(key, store ? store.read(service, secret, version) : Promise.resolve(undefined));
      const found = await read.get(key);
      const field = kind === 'env' ? `secrets.${target}` : `secret_files."${target}"`;
      if (!found && version !== undefined) {
        throw new DomainError(
          ErrorCode.SecretNotFound,
          `service ${service} component ${c.name}: ${field} ran version ${version} of secret ${secret}, which node ${node} no longer keeps; deploy the current spec instead (mcp deploy ${service})`,
        );
      }
      if (!found) {
        throw new DomainError(ErrorCode.SecretNotFound, `service ${service} component ${c.name}: ${field}: node ${node} holds no secret ${secret} (mcp secret set ${service} ${secret})`);
      }
      if (kind === 'env' && found.value.includes(0)) {
        // runc would refuse the container halfway through the deploy; say why now, before anything is touched.
        throw new DomainError(
          ErrorCode.InvalidArgument,
          `service ${service} component ${c.name}: ${field}: secret ${secret} holds a NUL byte, which no environment variable can carry; mount it with secret_files instead`,
        );
      }
      mounts.push({ kind, target, secret, version: found.version, value: found.value });
    }
    if (mounts.length > 0) material.set(c.name, mounts);
  }
  return material;
}

/** The container spec with its component's values. */
export function withSecrets(spec: ContainerSpec, mounts: readonly SecretMount[] | undefined): ContainerSpec {
  return mounts && mounts.length > 0 ? { ...spec, secrets: mounts } : spec;
}

/** What the history keeps of a deploy's secrets: per component, the version of each name. */
export function versionsOf(material: SecretMaterial): Map<string, Record<string, number>> {
  return new Map([...material].map(([component, mounts]) => [component, Object.fromEntries(mounts.map((m) => [m.secret, m.version]))]));
}
