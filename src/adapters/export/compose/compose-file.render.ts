import { containerName } from '../../../domain/names/container-name';
import { type ExportSite, notExpressible } from '../../../domain/service/export-format';
import { parsePort, parseVolume } from '../../../domain/service/run-options';
import type { ComponentSpec, ServiceSpec } from '../../../domain/service/service-spec';
import type { ExportedFile } from '../../../application/operator/ports/service-exporter.port';
import { composeSecretRefs } from '../shared/secret-refs';
import { exportHeader, yamlDocument } from '../shared/yaml-text';
import { commandInside, goDuration } from '../shared/health-export';

type Site = (field: string) => ExportSite;

/** Compose interpolates $VAR in every value; `$$` is a literal `$`. */
function literal(value: string): string {
  return value.replace(/\$/g, '$$$$');
}

/** podman-compose reads at most one of these per short-syntax volume (the last wins). */
const ONE_OF = /^(z|Z|O|U|r?shared|r?slave|r?private|r?unbindable|r?bind)$/;
const ALSO = /^(ro|rw|(no)?(exec|dev|suid))$/;

function volume(text: string, at: ExportSite): string {
  const v = parseVolume(text);
  if (!v) throw notExpressible('compose', at, text, 'not a podman volume ([source:]target[:options]), so it cannot be mapped');
  const unknown = v.options.find((o) => !ONE_OF.test(o) && !ALSO.test(o));
  if (unknown !== undefined) throw notExpressible('compose', at, text, `the volume option ${unknown} is not accepted`);
  if (v.options.filter((o) => ONE_OF.test(o)).length > 1) throw notExpressible('compose', at, text, 'only one of z, Z, O, U and the propagation options is kept per volume');
  return literal(text);
}

/** Characters a POSIX shell never reads specially in a word. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** argv as one POSIX shell command line: each word single-quoted unless plain. */
function shellLine(argv: readonly string[]): string {
  return argv.map((w) => (PLAIN_WORD.test(w) ? w : `'${w.replace(/'/g, `'"'"'`)}'`)).join(' ');
}

/**
 * The compose spec's healthcheck, as `CMD-SHELL` with the argv shell-quoted.
 * Not `CMD`: podman-compose 1.0.3 joins a `CMD` list into a broken
 * `/bin/sh -c` string as soon as a word has a space in it; it passes a
 * `CMD-SHELL` string to podman quoted as one word, and podman runs it with
 * `/bin/sh -c`, which splits it back into the exact argv.
 */
function healthcheck(c: ComponentSpec, at: Site): Record<string, unknown> {
  if (c.health === undefined) return {};
  const h = c.health;
  const argv = commandInside('compose', h, at);
  return {
    healthcheck: {
      test: ['CMD-SHELL', literal(shellLine(argv))],
      interval: goDuration(h.intervalMs),
      timeout: goDuration(h.timeoutMs),
      retries: h.retries,
      start_period: goDuration(h.startPeriodMs),
    },
  };
}

/**
 * podman-compose 1.0.3 (Debian) gives every container `--net <network>
 * --network-alias <service>` of its own, whatever the file says; podman
 * accepts those only in bridge mode, so host and none cannot run there.
 */
function network(c: ComponentSpec, at: Site, shared: Shared): Record<string, unknown> {
  if (c.network === undefined || c.network === 'bridge') return { network_mode: 'bridge' };
  if (c.network === 'host' || c.network === 'none') {
    throw notExpressible('compose', at('network'), c.network, 'podman-compose 1.0.3 (Debian) adds its own network and network alias to every container, which podman refuses beside host or none networking');
  }
  shared.networks.add(c.network);
  return { networks: [c.network] };
}

interface Shared {
  readonly networks: Set<string>;
  readonly volumes: Set<string>;
  readonly secrets: Set<string>;
  readonly notes: string[];
}

function service(spec: ServiceSpec, c: ComponentSpec, shared: Shared): Record<string, unknown> {
  const at: Site = (field) => ({ service: spec.name, component: c.name, field });
  const ports = c.ports.map((p, i) => {
    if (!parsePort(p)) throw notExpressible('compose', at(`ports[${i}]`), p, 'not a podman port mapping ([[ip:]hostPort:]containerPort[/proto]), so it cannot be mapped');
    return literal(p);
  });
  const volumes = c.volumes.map((v, i) => volume(v, at(`volumes[${i}]`)));
  for (const v of c.volumes) {
    const parsed = parseVolume(v);
    if (parsed?.source?.kind === 'named') shared.volumes.add(parsed.source.name);
  }
  const net = network(c, at, shared);
  const refs = composeSecretRefs(spec.name, c, shared.secrets, at);
  shared.notes.push(...refs.notes);
  return {
    container_name: containerName(spec.name, c.name),
    image: literal(c.image),
    pull_policy: c.pull,
    restart: c.restart,
    ...(c.cmd.length > 0 ? { command: c.cmd.map(literal) } : {}),
    ...(Object.keys(c.env).length > 0 ? { environment: Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, literal(v)])) } : {}),
    ...(ports.length > 0 ? { ports } : {}),
    ...(volumes.length > 0 ? { volumes } : {}),
    ...(c.user !== undefined ? { user: literal(c.user) } : {}),
    ...healthcheck(c, at),
    ...(refs.secrets.length > 0 ? { secrets: refs.secrets } : {}),
    ...net,
  };
}

/**
 * A compose file: one compose service per component (keyed by component
 * name, container_name as in MCP). Networks and named volumes are MCP's
 * podman ones, hence external.
 */
export function renderCompose(spec: ServiceSpec): ExportedFile[] {
  const shared: Shared = { networks: new Set(), volumes: new Set(), secrets: new Set(), notes: [] };
  const services = Object.fromEntries(spec.components.map((c) => [c.name, service(spec, c, shared)]));
  const external = (names: Set<string>) => Object.fromEntries([...names].map((n) => [n, { name: n, external: true }]));
  const doc = {
    services,
    ...(shared.networks.size > 0 ? { networks: external(shared.networks) } : {}),
    ...(shared.volumes.size > 0 ? { volumes: external(shared.volumes) } : {}),
    // MCP's secrets stay MCP's: compose finds them by name (podman secret create <name> <file>).
    ...(shared.secrets.size > 0 ? { secrets: external(shared.secrets) } : {}),
  };
  const header = [exportHeader(spec.name, spec.node, spec.active), ...shared.notes].join('\n');
  return [{ name: `${spec.name}.compose.yaml`, content: yamlDocument(doc, header) }];
}
