import { containerName } from '../../../domain/names/container-name';
import { type ExportSite, notExpressible } from '../../../domain/service/export-format';
import { parsePort, parseRestart, parseUser, parseVolume } from '../../../domain/service/run-options';
import type { ComponentSpec, ServiceSpec } from '../../../domain/service/service-spec';
import { quadletSecretLines, quadletSecretNotes } from '../shared/secret-refs';
import type { ExportedFile } from '../../../application/operator/ports/service-exporter.port';
import { commandInside, goDuration } from '../shared/health-export';

type Site = (field: string) => ExportSite;

/** Quadlet (podman 4.4) checks published ports against this; sctp came later. */
const QUADLET_PORT = /^\d+(-\d+)?(\/(tcp|udp))?$/;
const RESTART = { no: 'no', always: 'always', 'unless-stopped': 'always', 'on-failure': 'on-failure' } as const;

/** systemd expands %-specifiers in every value; a unit file is line-based. */
function unitValue(value: string, at: ExportSite): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(value)) throw notExpressible('quadlet', at, value, 'a control character (newline, tab, …) cannot be written in a unit file');
  // Quadlet copies values into ExecStart, where systemd would expand $VAR.
  if (value.includes('$')) throw notExpressible('quadlet', at, value, 'a $ would be expanded as a variable by systemd');
  return value.replace(/%/g, '%%');
}

/** One word of a systemd command line / key=value list: quoted when it must be. */
function word(value: string, at: ExportSite): string {
  const v = unitValue(value, at);
  if (v !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(v)) return v;
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function ports(c: ComponentSpec, at: Site): string[] {
  return c.ports.map((text, i) => {
    const p = parsePort(text);
    if (!p) throw notExpressible('quadlet', at(`ports[${i}]`), text, 'not a podman port mapping ([[ip:]hostPort:]containerPort[/proto]), so it cannot be mapped');
    const container = text.slice(text.lastIndexOf(':') + 1);
    if (!QUADLET_PORT.test(container)) throw notExpressible('quadlet', at(`ports[${i}]`), text, `the protocol ${p.protocol} is not accepted`);
    return `PublishPort=${unitValue(text, at(`ports[${i}]`))}`;
  });
}

function volumes(c: ComponentSpec, at: Site): string[] {
  return c.volumes.map((text, i) => {
    if (!parseVolume(text)) throw notExpressible('quadlet', at(`volumes[${i}]`), text, 'not a podman volume ([source:]target[:options]), so it cannot be mapped');
    return `Volume=${unitValue(text, at(`volumes[${i}]`))}`;
  });
}

/** Quadlet 4.4's User=/Group= take numbers only; a name goes to podman as --user. */
function user(c: ComponentSpec, at: Site): string[] {
  if (c.user === undefined) return [];
  const u = parseUser(c.user);
  if (u.kind === 'named') return [`PodmanArgs=${word(`--user=${u.text}`, at('user'))}`];
  return [`User=${u.uid}`, ...(u.gid !== undefined ? [`Group=${u.gid}`] : [])];
}

/**
 * podman's --health-cmd takes a JSON array as the exact argv (a plain string
 * would go through /bin/sh -c); Quadlet passes the value as one argument.
 * No HealthOnFailure: like MCP, an unhealthy container is reported, not acted on.
 */
function health(c: ComponentSpec, at: Site): string[] {
  if (c.health === undefined) return [];
  const h = c.health;
  const argv = commandInside('quadlet', h, at);
  return [
    `HealthCmd=${unitValue(JSON.stringify(argv), at('health.cmd'))}`,
    `HealthInterval=${goDuration(h.intervalMs)}`,
    `HealthTimeout=${goDuration(h.timeoutMs)}`,
    `HealthRetries=${h.retries}`,
    `HealthStartPeriod=${goDuration(h.startPeriodMs)}`,
  ];
}

function restart(c: ComponentSpec, at: Site): string {
  const r = parseRestart(c.restart);
  if (r.maxRetries !== undefined) throw notExpressible('quadlet', at('restart'), c.restart, 'a retry limit has no equivalent (systemd start limits count per time window)');
  return `Restart=${RESTART[r.policy]}`;
}

function unit(spec: ServiceSpec, c: ComponentSpec): ExportedFile {
  const at: Site = (field) => ({ service: spec.name, component: c.name, field });
  const name = containerName(spec.name, c.name);
  const container = [
    `ContainerName=${name}`,
    `Image=${unitValue(c.image, at('image'))}`,
    ...(c.cmd.length > 0 ? [`Exec=${c.cmd.map((a, i) => word(a, at(`cmd[${i}]`))).join(' ')}`] : []),
    ...Object.entries(c.env).map(([k, v]) => `Environment=${word(`${k}=${v}`, at(`env.${k}`))}`),
    ...ports(c, at),
    ...volumes(c, at),
    ...(c.network !== undefined ? [`Network=${unitValue(c.network, at('network'))}`] : []),
    ...user(c, at),
    ...health(c, at),
    ...quadletSecretLines(spec.name, c),
    `PodmanArgs=--pull=${c.pull}`,
  ];
  const lines = [
    `# ${name}.container: component ${c.name} of MCP service ${spec.name} (node ${spec.node}), written by \`mcp service export\`.`,
    '# For podman >= 4.4: put it in /etc/containers/systemd/ and run `systemctl daemon-reload`.',
    ...(c.health ? ["# Its Health* keys need podman >= 4.5's Quadlet; the check is podman's, so `podman healthcheck run` and `podman ps` show it."] : []),
    ...(spec.active ? [] : ['# In MCP this service is stopped (active = false): nothing here makes it start at boot.']),
    ...quadletSecretNotes(spec.name, c),
    '[Unit]',
    `Description=MCP service ${spec.name}, component ${c.name}`,
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Container]',
    ...container,
    '',
    '[Service]',
    restart(c, at),
    // A first start may pull the image.
    'TimeoutStartSec=900',
    ...(spec.active ? ['', '[Install]', 'WantedBy=multi-user.target'] : []),
  ];
  return { name: `${name}.container`, content: `${lines.join('\n')}\n` };
}

/** One `<container>.container` unit per component, for podman ≥ 4.4's Quadlet. */
export function renderQuadlet(spec: ServiceSpec): ExportedFile[] {
  return spec.components.map((c) => unit(spec, c));
}
