import type { ContainerDetails } from '../../../application/agent/ports/container-runtime.port';
import { observedStateFromRuntime } from '../../../domain/state/states';

/*
 * The Docker-shaped inspect JSON that both `podman container inspect` and the
 * Docker Engine API (dockerd's, and podman's compatible one) return, read
 * into ContainerDetails for adopt. Anything left out becomes "absent", never
 * a guess.
 */

export type Json = Record<string, unknown>;

/** Variables the engine itself puts into every container (podman: containers.conf `env` plus its own; dockerd: PATH). */
const ENGINE_ENV: Readonly<Record<string, string | null>> = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  TERM: 'xterm',
  container: 'podman',
  // Always set by podman to the container's host name: never the operator's.
  HOSTNAME: null,
  // Set by podman for a user without a home in the image's /etc/passwd.
  HOME: '/',
};

export function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function labelsOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) if (typeof val === 'string') out[k] = val;
  return out;
}

export function dateFromIso(v: unknown): Date | undefined {
  const s = str(v);
  if (s === '' || s.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Image IDs as podman's CLI prints them: the hex digest without the "sha256:" that the API puts in front. */
export function shortImageId(id: string): string {
  return id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
}

/** The parts of an image that a container inherits unless told otherwise. */
export interface ImageDefaults {
  readonly env: readonly string[];
  readonly cmd: readonly string[];
}

/** One image inspect (CLI or API) → its defaults. */
export function imageDefaultsOf(image: Json): ImageDefaults {
  const config = obj(image.Config);
  return { env: strings(config.Env), cmd: strings(config.Cmd) };
}

/** The image ID of each inspected container, to look up its image once. */
export function imageIdsOf(containers: readonly Json[]): string[] {
  return [...new Set(containers.map((c) => str(c.Image)).filter((id) => id !== ''))];
}

/** The network each engine attaches a container to when none is given. */
const DEFAULT_NETWORKS = new Set(['podman', 'bridge']);

function networkOf(c: Json): string | undefined {
  const mode = str(obj(c.HostConfig).NetworkMode);
  // podman reports every netavark network as "bridge": the names are in NetworkSettings.
  if (mode !== '' && mode !== 'bridge' && mode !== 'default') return mode;
  const names = Object.keys(obj(obj(c.NetworkSettings).Networks));
  if (names.length === 0 || (names.length === 1 && DEFAULT_NETWORKS.has(names[0]!))) return undefined;
  return names.join(',');
}

/** PortBindings → the TOML's `hostIp:hostPort:containerPort[/proto]`. */
function portsOf(c: Json): string[] {
  const out: string[] = [];
  for (const [key, bindings] of Object.entries(obj(obj(c.HostConfig).PortBindings))) {
    const [containerPort = '', proto = 'tcp'] = key.split('/');
    const suffix = proto === 'tcp' ? '' : `/${proto}`;
    const list = Array.isArray(bindings) ? bindings.map(obj) : [];
    for (const b of list) {
      const ip = str(b.HostIp);
      const hostPort = str(b.HostPort);
      const head = ip !== '' ? `${ip}:${hostPort}:` : hostPort !== '' ? `${hostPort}:` : '';
      out.push(`${head}${containerPort}${suffix}`);
    }
  }
  return out;
}

/** Bind mounts and named volumes as `source:destination[:ro]`. */
function volumesOf(c: Json): string[] {
  const mounts = Array.isArray(c.Mounts) ? c.Mounts.map(obj) : [];
  return mounts.flatMap((m) => {
    const type = str(m.Type);
    const source = type === 'volume' ? str(m.Name) : type === 'bind' ? str(m.Source) : '';
    if (source === '') return [];
    return [`${source}:${str(m.Destination)}${m.RW === false ? ':ro' : ''}`];
  });
}

function envOf(containerEnv: readonly string[], imageEnv: readonly string[]): Record<string, string> {
  const inherited = new Set(imageEnv);
  const out: Record<string, string> = {};
  for (const entry of containerEnv) {
    if (inherited.has(entry)) continue;
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    const value = eq < 0 ? '' : entry.slice(eq + 1);
    if (key in ENGINE_ENV && (ENGINE_ENV[key] === null || ENGINE_ENV[key] === value)) continue;
    out[key] = value;
  }
  return out;
}

function sameArgv(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** One container of `podman container inspect` or the API's /containers/{id}/json → ContainerDetails. */
export function detailsFromInspect(c: Json, images: ReadonlyMap<string, ImageDefaults>): ContainerDetails {
  const config = obj(c.Config);
  const state = obj(c.State);
  const image = images.get(str(c.Image)) ?? { env: [], cmd: [] };
  const cmd = strings(config.Cmd);
  const startedAt = dateFromIso(state.StartedAt);
  const network = networkOf(c);
  const user = str(config.User);
  // podman leaves the policy empty when none was given, which behaves as "no".
  const restart = str(obj(obj(c.HostConfig).RestartPolicy).Name) || 'no';
  return {
    name: str(c.Name).replace(/^\//, ''),
    image: str(c.ImageName) || str(config.Image),
    state: observedStateFromRuntime(str(state.Status)),
    labels: labelsOf(config.Labels),
    ...(startedAt ? { startedAt } : {}),
    ...(str(c.Image) !== '' ? { imageId: shortImageId(str(c.Image)) } : {}),
    ...(network !== undefined ? { network } : {}),
    ...(user !== '' ? { user } : {}),
    restart,
    ports: portsOf(c),
    volumes: volumesOf(c),
    cmd: sameArgv(cmd, image.cmd) ? [] : cmd,
    env: envOf(strings(config.Env), image.env),
  };
}
