import { basename } from 'node:path';
import { type ExportSite, notExpressible } from '../../../domain/service/export-format';
import type { ComponentSpec } from '../../../domain/service/service-spec';

/*
 * Exports carry references to secrets, never values (the CLI never has
 * them). Outside MCP a secret is named `<service>-<secret>`, the name the
 * operator gives it to kubectl, podman or compose; each file says how.
 */

/** The name of MCP secret `secret` of `service` outside MCP (Kubernetes Secret, podman secret, compose secret). */
export function externalSecretName(service: string, secret: string): string {
  return `${service}-${secret}`;
}

/** 0400, as MCP mounts a file secret. */
const FILE_MODE = 0o400;

/** Kubernetes: (notes are YAML comment lines without their `#`) env from `secretKeyRef` (key `value`), files from a secret volume mounted with subPath. */
export function kubeSecretRefs(
  service: string,
  c: ComponentSpec,
): { env: Array<Record<string, unknown>>; volumes: Array<Record<string, unknown>>; volumeMounts: Array<Record<string, unknown>>; notes: string[] } {
  const env = Object.entries(c.secrets ?? {}).map(([name, secret]) => ({ name, valueFrom: { secretKeyRef: { name: externalSecretName(service, secret), key: 'value' } } }));
  const volumes: Array<Record<string, unknown>> = [];
  const volumeMounts: Array<Record<string, unknown>> = [];
  Object.entries(c.secretFiles ?? {}).forEach(([path, secret], i) => {
    const name = `secret-${i}`;
    volumes.push({ name, secret: { secretName: externalSecretName(service, secret), defaultMode: FILE_MODE, items: [{ key: 'value', path: basename(path) }] } });
    volumeMounts.push({ name, mountPath: path, subPath: basename(path), readOnly: true });
  });
  const names = [...new Set([...Object.values(c.secrets ?? {}), ...Object.values(c.secretFiles ?? {})])];
  const notes = names.map((s) => ` Secret ${externalSecretName(service, s)} (key "value") must exist: kubectl create secret generic ${externalSecretName(service, s)} --from-file=value=<file>`);
  return { env, volumes, volumeMounts, notes };
}

/** Quadlet: `Secret=` lines; the podman secrets are made by hand (`podman secret create`). */
export function quadletSecretLines(service: string, c: ComponentSpec): string[] {
  return [
    ...Object.entries(c.secrets ?? {}).map(([env, secret]) => `Secret=${externalSecretName(service, secret)},type=env,target=${env}`),
    ...Object.entries(c.secretFiles ?? {}).map(([path, secret]) => `Secret=${externalSecretName(service, secret)},type=mount,target=${path},mode=0400`),
  ];
}

export function quadletSecretNotes(service: string, c: ComponentSpec): string[] {
  const names = [...new Set([...Object.values(c.secrets ?? {}), ...Object.values(c.secretFiles ?? {})])];
  return names.map((s) => `# Needs the podman secret ${externalSecretName(service, s)}: podman secret create ${externalSecretName(service, s)} <file>`);
}

/**
 * Compose: secrets are files only, so an env secret cannot be expressed:
 * it is refused (EXPORT_UNSUPPORTED naming `secrets.<VAR>`), as any value a
 * format has no equivalent for. Mounting it as a file instead would start
 * the service without the variable it reads.
 *
 * A file secret is an external podman secret, which Debian's podman-compose
 * 1.0.3 gives podman as `--secret <name>,mode=<mode>`: podman mounts it at
 * /run/secrets/<name>, and podman-compose stops with an error on any other
 * `target`. So only a file at that path is written, and other paths are
 * refused. The mode is the string "0400": podman reads it in octal, and a
 * YAML number (256, or 0400, which YAML 1.1 reads as 256) became 0256.
 */
export function composeSecretRefs(service: string, c: ComponentSpec, used: Set<string>, at: (field: string) => ExportSite): { secrets: object[]; notes: string[] } {
  const [env, fromSecret] = Object.entries(c.secrets ?? {})[0] ?? [];
  if (env !== undefined) throw notExpressible('compose', at(`secrets.${env}`), fromSecret, 'a secret is only ever a file, never an environment variable');
  const secrets: object[] = [];
  const notes: string[] = [];
  for (const [path, secret] of Object.entries(c.secretFiles ?? {})) {
    const source = externalSecretName(service, secret);
    if (path !== `/run/secrets/${source}`) {
      throw notExpressible('compose', at(`secret_files.${JSON.stringify(path)}`), secret, `podman-compose mounts the external secret ${source} only at /run/secrets/${source}`);
    }
    if (!used.has(source)) notes.push(` Needs the podman secret ${source}: podman secret create ${source} <file>`);
    used.add(source);
    secrets.push({ source, mode: FILE_MODE.toString(8).padStart(4, '0') });
  }
  return { secrets, notes };
}
