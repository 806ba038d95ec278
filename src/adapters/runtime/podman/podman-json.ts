import type { ContainerDetails, ContainerInfo } from '../../../application/agent/ports/container-runtime.port';
import { observedStateFromRuntime } from '../../../domain/state/states';

/*
 * Parses the JSON that podman 4.x prints for `ps --all --format=json`,
 * `container inspect` and `image inspect`. Recorded samples live in
 * test/unit/runtime/fixtures. Anything podman leaves out becomes "absent",
 * never a guess.
 */

type Json = Record<string, unknown>;

/** Variables podman itself puts into every container (containers.conf `env`, plus its own). */
const ENGINE_ENV: Readonly<Record<string, string | null>> = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  TERM: 'xterm',
  container: 'podman',
  // Always set by podman to the container's host name: never the operator's.
  HOSTNAME: null,
  // Set by podman for a user without a home in the image's /etc/passwd.
  HOME: '/',
};

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function labelsOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) if (typeof val === 'string') out[k] = val;
  return out;
}

export function parseJsonArray(text: string, what: string): Json[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new Error(`podman ${what}: output is not JSON`);
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) throw new Error(`podman ${what}: expected a JSON array`);
  return parsed.map(obj);
}

/** podman writes "never started" as Go's zero time (year 1) or a negative epoch. */
function dateFromEpochSeconds(v: unknown): Date | undefined {
  return typeof v === 'number' && v > 0 ? new Date(v * 1000) : undefined;
}

function dateFromIso(v: unknown): Date | undefined {
  const s = str(v);
  if (s === '' || s.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** `podman ps --all --format=json` → ContainerInfo[]. */
export function parsePs(text: string): ContainerInfo[] {
  return parseJsonArray(text, 'ps').map((c) => {
    const startedAt = dateFromEpochSeconds(c.StartedAt);
    return {
      name: strings(c.Names)[0] ?? str(c.Id),
      image: str(c.Image),
      state: observedStateFromRuntime(str(c.State)),
      labels: labelsOf(c.Labels),
      ...(startedAt ? { startedAt } : {}),
      ...(str(c.ImageID) !== '' ? { imageId: str(c.ImageID) } : {}),
    };
  });
}

/** The parts of an image that a container inherits unless told otherwise. */
export interface ImageDefaults {
  readonly env: readonly string[];
  readonly cmd: readonly string[];
}

/** `podman image inspect` → defaults keyed by image ID. */
export function parseImageInspect(text: string): Map<string, ImageDefaults> {
  const out = new Map<string, ImageDefaults>();
  for (const image of parseJsonArray(text, 'image inspect')) {
    const config = obj(image.Config);
    out.set(str(image.Id), { env: strings(config.Env), cmd: strings(config.Cmd) });
  }
  return out;
}

/** The image ID of each inspected container, to look up its image once. */
export function imageIdsOf(containers: readonly Json[]): string[] {
  return [...new Set(containers.map((c) => str(c.Image)).filter((id) => id !== ''))];
}

function networkOf(c: Json): string | undefined {
  const mode = str(obj(c.HostConfig).NetworkMode);
  // podman reports every netavark network as "bridge": the names are in NetworkSettings.
  if (mode !== '' && mode !== 'bridge' && mode !== 'default') return mode;
  const names = Object.keys(obj(obj(c.NetworkSettings).Networks));
  if (names.length === 0 || (names.length === 1 && names[0] === 'podman')) return undefined;
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

/** One element of `podman container inspect` → ContainerDetails. */
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
    ...(str(c.Image) !== '' ? { imageId: str(c.Image) } : {}),
    ...(network !== undefined ? { network } : {}),
    ...(user !== '' ? { user } : {}),
    restart,
    ports: portsOf(c),
    volumes: volumesOf(c),
    cmd: sameArgv(cmd, image.cmd) ? [] : cmd,
    env: envOf(strings(config.Env), image.env),
  };
}

/** `podman image inspect` of one image → its ID and repo digests. */
export function parseImageInfo(text: string): { id: string; repoDigests: string[] } | undefined {
  const image = parseJsonArray(text, 'image inspect')[0];
  if (image === undefined) return undefined;
  return { id: str(image.Id), repoDigests: strings(image.RepoDigests) };
}
