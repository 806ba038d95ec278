import { DomainError, ErrorCode } from '../errors/domain-error';
import { type HealthCheck, type HealthCheckInput, createHealthCheck, healthCheckInput } from '../health/health-check';
import { assertValidName } from '../names/name.value';
import { quoted } from '../errors/quoted';

export const PULL_POLICIES = ['always', 'missing', 'never'] as const;
export type PullPolicy = (typeof PULL_POLICIES)[number];

export const DEFAULT_RESTART = 'unless-stopped';
export const DEFAULT_PULL: PullPolicy = 'always';

/** What the operator wrote for one container, after defaults are applied. */
export interface ComponentSpec {
  readonly name: string;
  readonly image: string;
  readonly network?: string;
  readonly user?: string;
  readonly restart: string;
  readonly ports: readonly string[];
  readonly volumes: readonly string[];
  readonly cmd: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly pull: PullPolicy;
  /** Env var name → secret name: the value comes from the node's secret store, never from the spec. Absent when none. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Absolute path in the container → secret name: mounted read-only (0400). Absent when none. */
  readonly secretFiles?: Readonly<Record<string, string>>;
  /** At most one check; absent = healthy once still running after settle_time. */
  readonly health?: HealthCheck;
}

export interface ServiceSpec {
  readonly name: string;
  readonly node: string;
  readonly active: boolean;
  readonly components: readonly ComponentSpec[];
}

/** A component as it may arrive (from a file, an RPC): optional fields left out. */
export type ComponentInput = Pick<ComponentSpec, 'name' | 'image'> &
  Partial<Omit<ComponentSpec, 'name' | 'image' | 'health'>> & { health?: HealthCheckInput };
export type ServiceInput = Pick<ServiceSpec, 'name' | 'node'> & { active?: boolean; components: readonly ComponentInput[] };

const RESTART_PATTERN = /^(no|always|unless-stopped|on-failure(:[0-9]{1,4})?)$/;
const ENV_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Values that reach podman's argv must never read as a flag or carry control bytes.
// eslint-disable-next-line no-control-regex
const SAFE_VALUE = /^[^\s\-\x00-\x1f\x7f][^\s\x00-\x1f\x7f]*$/;

// eslint-disable-next-line no-control-regex
const PATH_CHARS = /^[^\s,\x00-\x1f\x7f]+$/;

/** `/a/b`: absolute, no empty, `.` or `..` segment, no trailing slash; no comma or space (podman's --secret is comma-separated). */
function isCleanAbsolutePath(path: string): boolean {
  if (typeof path !== 'string' || !path.startsWith('/') || path === '/' || !PATH_CHARS.test(path)) return false;
  return path
    .slice(1)
    .split('/')
    .every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

function invalid(where: string, field: string, message: string): DomainError {
  return new DomainError(ErrorCode.InvalidSpec, `${where}: ${field}: ${message}`);
}

function checkSafe(where: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || !SAFE_VALUE.test(value)) {
    throw invalid(where, field, `invalid value ${quoted(value)}: must be non-empty, without spaces or control characters, and not start with '-'`);
  }
  return value;
}

function checkComponent(where: string, index: number, c: ComponentInput): ComponentSpec {
  const at = `components[${index}]`;
  const name = assertValidName('component', c.name, `${where}: ${at}.name`);
  const image = checkSafe(where, `${at}.image`, c.image);
  const restart = c.restart ?? DEFAULT_RESTART;
  if (!RESTART_PATTERN.test(restart)) {
    throw invalid(where, `${at}.restart`, `invalid value ${quoted(restart)}: use no, always, unless-stopped or on-failure[:N]`);
  }
  const pull = c.pull ?? DEFAULT_PULL;
  if (!(PULL_POLICIES as readonly string[]).includes(pull)) {
    throw invalid(where, `${at}.pull`, `invalid value ${quoted(pull)}: use always, missing or never`);
  }
  const ports = (c.ports ?? []).map((p, i) => checkSafe(where, `${at}.ports[${i}]`, p));
  const volumes = (c.volumes ?? []).map((v, i) => checkSafe(where, `${at}.volumes[${i}]`, v));
  const cmd = [...(c.cmd ?? [])];
  cmd.forEach((arg, i) => {
    if (typeof arg !== 'string' || arg.includes('\0')) throw invalid(where, `${at}.cmd[${i}]`, 'must be a string without NUL');
  });
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(c.env ?? {})) {
    if (!ENV_KEY_PATTERN.test(key)) throw invalid(where, `${at}.env`, `invalid variable name ${quoted(key)}`);
    if (typeof value !== 'string' || value.includes('\0')) throw invalid(where, `${at}.env.${key}`, 'must be a string without NUL');
    env[key] = value;
  }
  const secrets: Record<string, string> = {};
  for (const [key, secret] of Object.entries(c.secrets ?? {})) {
    if (!ENV_KEY_PATTERN.test(key)) throw invalid(where, `${at}.secrets`, `invalid variable name ${quoted(key)}`);
    if (Object.hasOwn(env, key)) throw invalid(where, `${at}.secrets.${key}`, `${key} is set in both env and secrets: keep one`);
    secrets[key] = assertValidName('secret', secret, `${where}: ${at}.secrets.${key}`);
  }
  const secretFiles: Record<string, string> = {};
  for (const [path, secret] of Object.entries(c.secretFiles ?? {})) {
    if (!isCleanAbsolutePath(path)) {
      throw invalid(where, `${at}.secret_files`, `invalid path ${quoted(path)}: must be absolute and normalised (no //, ., .. or trailing /)`);
    }
    secretFiles[path] = assertValidName('secret', secret, `${where}: ${at}.secret_files.${quoted(path)}`);
  }
  const spec: ComponentSpec = { name, image, restart, pull, ports, volumes, cmd, env };
  return {
    ...spec,
    ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
    ...(Object.keys(secretFiles).length > 0 ? { secretFiles } : {}),
    ...(c.network !== undefined && c.network !== '' ? { network: checkSafe(where, `${at}.network`, c.network) } : {}),
    ...(c.user !== undefined && c.user !== '' ? { user: checkSafe(where, `${at}.user`, c.user) } : {}),
    ...(c.health !== undefined ? { health: createHealthCheck(c.health, where, `${at}.health`) } : {}),
  };
}

/**
 * The one gate every spec passes, whatever it came from. `where` names the
 * source (a file path, "request") so the error says where to look.
 */
export function createServiceSpec(input: ServiceInput, where: string): ServiceSpec {
  const name = assertValidName('service', input.name, `${where}: name`);
  const node = assertValidName('node', input.node, `${where}: node`);
  if (!Array.isArray(input.components) || input.components.length === 0) {
    throw invalid(where, 'components', 'at least one [[components]] is required');
  }
  const components = input.components.map((c, i) => checkComponent(where, i, c));
  const seen = new Set<string>();
  components.forEach((c, i) => {
    if (seen.has(c.name)) throw invalid(where, `components[${i}].name`, `duplicate component name ${quoted(c.name)}`);
    seen.add(c.name);
  });
  return { name, node, active: input.active ?? true, components };
}

export function findComponent(spec: ServiceSpec, component: string): ComponentSpec {
  const found = spec.components.find((c) => c.name === component);
  if (!found) throw new DomainError(ErrorCode.ComponentNotFound, `service ${spec.name} has no component ${JSON.stringify(component)}`);
  return found;
}

/** Structural equality, used by sync to tell "updated" from "unchanged". */
export function sameComponentSpec(a: ComponentSpec, b: ComponentSpec): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Same name, node, active and components in the same order. */
export function sameServiceSpec(a: ServiceSpec, b: ServiceSpec): boolean {
  return (
    a.name === b.name &&
    a.node === b.node &&
    a.active === b.active &&
    a.components.length === b.components.length &&
    a.components.every((c, i) => sameComponentSpec(c, b.components[i]!))
  );
}

function canonical(c: ComponentSpec): unknown {
  const sorted = (t: Readonly<Record<string, string>> = {}) =>
    Object.keys(t)
      .sort()
      .map((k) => [k, t[k]]);
  const health = c.health ? healthCheckInput(c.health) : null;
  return [c.name, c.image, c.network ?? '', c.user ?? '', c.restart, c.ports, c.volumes, c.cmd, sorted(c.env), c.pull, health, sorted(c.secrets), sorted(c.secretFiles)];
}

/** A spec back to the input shape, e.g. to pass it through createServiceSpec again. */
export function componentInput(c: ComponentSpec): ComponentInput {
  const { health, ...rest } = c;
  return { ...rest, ...(health ? { health: healthCheckInput(health) } : {}) };
}

/**
 * A spec checked again by the one gate, as if it came in anew (before a
 * write): through the input shape, since a built health check is not the
 * input that makes one.
 */
export function recheckServiceSpec(spec: ServiceSpec, where: string): ServiceSpec {
  return createServiceSpec({ ...spec, components: spec.components.map(componentInput) }, where);
}

/** Every secret a component reads, each once, sorted: env ones and file ones. */
export function secretNamesOf(c: ComponentSpec): string[] {
  return [...new Set([...Object.values(c.secrets ?? {}), ...Object.values(c.secretFiles ?? {})])].sort();
}
