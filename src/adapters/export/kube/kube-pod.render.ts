import { containerName } from '../../../domain/names/container-name';
import { type ExportSite, notExpressible } from '../../../domain/service/export-format';
import { type PortMapping, isSinglePort, parsePort, parseRestart, parseUser, parseVolume } from '../../../domain/service/run-options';
import type { ComponentSpec, PullPolicy, ServiceSpec } from '../../../domain/service/service-spec';
import type { ExportedFile } from '../../../application/operator/ports/service-exporter.port';
import { kubeSecretRefs } from '../shared/secret-refs';
import { exportHeader, yamlDocument } from '../shared/yaml-text';
import { probes } from './kube-probe.render';

const PULL: Readonly<Record<PullPolicy, string>> = { always: 'Always', missing: 'IfNotPresent', never: 'Never' };
const RESTART = { no: 'Never', always: 'Always', 'unless-stopped': 'Always', 'on-failure': 'OnFailure' } as const;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

type Site = (field: string) => ExportSite;

function restartPolicy(c: ComponentSpec, at: Site): string {
  const r = parseRestart(c.restart);
  if (r.maxRetries !== undefined) throw notExpressible('kube', at('restart'), c.restart, 'a retry limit has no equivalent (restartPolicy OnFailure retries forever)');
  return RESTART[r.policy];
}

/** Kubernetes expands $(VAR) in env values and args; MCP never did, so such a value would change meaning. */
function literal(value: string, at: ExportSite): string {
  if (value.includes('$(')) throw notExpressible('kube', at, value, '"$(" would be expanded as a variable reference');
  return value;
}

function port(text: string, index: number, at: Site): Record<string, unknown> {
  const field = `ports[${index}]`;
  const p: PortMapping | undefined = parsePort(text);
  if (!p) throw notExpressible('kube', at(field), text, 'not a podman port mapping ([[ip:]hostPort:]containerPort[/proto]), so it cannot be mapped');
  if (!p.hostPort) throw notExpressible('kube', at(field), text, 'a port published on a random host port has no equivalent');
  if (!isSinglePort(p.containerPort)) throw notExpressible('kube', at(field), text, 'a port range has no equivalent (one containerPort per entry)');
  return {
    containerPort: p.containerPort.from,
    hostPort: p.hostPort.from,
    ...(p.hostIp !== undefined && p.hostIp !== '0.0.0.0' ? { hostIP: p.hostIp } : {}),
    protocol: p.protocol.toUpperCase(),
  };
}

interface Mounts {
  readonly volumeMounts: Array<Record<string, unknown>>;
  readonly volumes: Array<Record<string, unknown>>;
  readonly notes: string[];
}

function mounts(c: ComponentSpec, at: Site): Mounts {
  const out: Mounts = { volumeMounts: [], volumes: [], notes: [] };
  c.volumes.forEach((text, i) => {
    const field = `volumes[${i}]`;
    const v = parseVolume(text);
    if (!v) throw notExpressible('kube', at(field), text, 'not a podman volume ([source:]target[:options]), so it cannot be mapped');
    let readOnly = false;
    for (const o of v.options) {
      if (o === 'ro') readOnly = true;
      else if (o === 'z' || o === 'Z') {
        if (v.source?.kind === 'bind') out.notes.push(` ${v.source.path} was mounted with :${o} (SELinux relabel), which Kubernetes has no field for: label it yourself (chcon -R -t container_file_t ${v.source.path}).`);
      } else if (o !== 'rw') throw notExpressible('kube', at(field), text, `the volume option ${o} has no equivalent`);
    }
    const name = `volume-${i + 1}`;
    let source: Record<string, unknown>;
    if (v.source === undefined) source = { emptyDir: {} };
    else if (v.source.kind === 'bind') source = { hostPath: { path: v.source.path } };
    else {
      if (!DNS_LABEL.test(v.source.name)) throw notExpressible('kube', at(field), text, `the volume name ${v.source.name} is not a valid claim name (DNS-1123 label)`);
      source = { persistentVolumeClaim: { claimName: v.source.name } };
    }
    out.volumes.push({ name, ...source });
    out.volumeMounts.push({ name, mountPath: v.target, ...(readOnly ? { readOnly: true } : {}) });
  });
  return out;
}

function securityContext(c: ComponentSpec, at: Site): Record<string, unknown> | undefined {
  if (c.user === undefined) return undefined;
  const u = parseUser(c.user);
  if (u.kind === 'named') throw notExpressible('kube', at('user'), c.user, 'a user name has no equivalent (runAsUser takes a number)');
  return { runAsUser: u.uid, ...(u.gid !== undefined ? { runAsGroup: u.gid } : {}) };
}

function network(c: ComponentSpec, at: Site): Record<string, unknown> {
  if (c.network === undefined) return {};
  if (c.network === 'host') return { hostNetwork: true };
  throw notExpressible('kube', at('network'), c.network, 'only host (hostNetwork) has an equivalent: pods share the cluster network');
}

function pod(spec: ServiceSpec, c: ComponentSpec): { pod: Record<string, unknown>; notes: string[] } {
  const at: Site = (field) => ({ service: spec.name, component: c.name, field });
  const m = mounts(c, at);
  const security = securityContext(c, at);
  const refs = kubeSecretRefs(spec.name, c);
  const env = [...Object.entries(c.env).map(([name, value]) => ({ name, value: literal(value, at(`env.${name}`)) })), ...refs.env];
  m.volumes.push(...refs.volumes);
  m.volumeMounts.push(...refs.volumeMounts);
  const ports = c.ports.map((p, i) => port(p, i, at));
  const checks = probes(c, at);
  const container = {
    name: c.name,
    image: c.image,
    imagePullPolicy: PULL[c.pull],
    ...(c.cmd.length > 0 ? { args: c.cmd.map((a, i) => literal(a, at(`cmd[${i}]`))) } : {}),
    ...(env.length > 0 ? { env } : {}),
    ...(ports.length > 0 ? { ports } : {}),
    ...(m.volumeMounts.length > 0 ? { volumeMounts: m.volumeMounts } : {}),
    ...(security ? { securityContext: security } : {}),
    ...checks.probes,
  };
  return {
    notes: [...m.notes, ...checks.notes, ...refs.notes],
    pod: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: containerName(spec.name, c.name), labels: { 'app.kubernetes.io/name': spec.name, 'app.kubernetes.io/component': c.name } },
      spec: {
        restartPolicy: restartPolicy(c, at),
        ...network(c, at),
        containers: [container],
        ...(m.volumes.length > 0 ? { volumes: m.volumes } : {}),
      },
    },
  };
}

/**
 * Kubernetes YAML: one Pod per component, named like MCP's container, in one
 * multi-document file. Every component is mapped before any text is made.
 */
export function renderKube(spec: ServiceSpec): ExportedFile[] {
  const pods = spec.components.map((c) => pod(spec, c));
  const docs = pods.map((p, i) => {
    const comment = [...(i === 0 ? [exportHeader(spec.name, spec.node, spec.active)] : []), ...p.notes];
    return yamlDocument(p.pod, comment.length > 0 ? comment.join('\n') : undefined);
  });
  return [{ name: `${spec.name}.kube.yaml`, content: docs.join('---\n') }];
}
