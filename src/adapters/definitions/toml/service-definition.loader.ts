import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import { assertValidName } from '../../../domain/names/name.value';
import { collisionsOf, nameCollisionError, nameCollisionsPerNode } from '../../../domain/names/name-collision';
import { type ComponentInput, type PullPolicy, type ServiceSpec, createServiceSpec } from '../../../domain/service/service-spec';
import type { HealthCheckInput } from '../../../domain/health/health-check';
import { DURATION_HINT, parseDuration } from '../../../domain/time/duration';
import { quoted } from '../../../domain/errors/quoted';
import { validatePlain } from './class-validation';
import { type HealthDto, ServiceDefinitionDto } from './service-definition.dto';
import { parseToml, readTextFile } from './toml-source';

/** Validates TOML text as a service definition; `where` (the file path) prefixes every error. */
export function parseServiceDefinition(text: string, where: string): ServiceSpec {
  const raw = parseToml(text, where, ErrorCode.InvalidSpec);
  const dto = validatePlain(ServiceDefinitionDto, raw, where, ErrorCode.InvalidSpec);
  const components: ComponentInput[] = dto.components.map((c, i) => ({
    name: c.name,
    image: c.image,
    ...(c.network !== undefined ? { network: c.network } : {}),
    ...(c.user !== undefined ? { user: c.user } : {}),
    ...(c.restart !== undefined ? { restart: c.restart } : {}),
    ...(c.ports !== undefined ? { ports: c.ports } : {}),
    ...(c.volumes !== undefined ? { volumes: c.volumes } : {}),
    ...(c.cmd !== undefined ? { cmd: c.cmd } : {}),
    ...(c.env !== undefined ? { env: { ...c.env } } : {}),
    ...(c.secrets !== undefined ? { secrets: { ...c.secrets } } : {}),
    ...(c.secret_files !== undefined ? { secretFiles: { ...c.secret_files } } : {}),
    // The domain rejects anything that is not a known policy, naming the value.
    ...(c.pull !== undefined ? { pull: c.pull as PullPolicy } : {}),
    ...(c.health !== undefined ? { health: healthInput(c.health, where, `components[${i}].health`) } : {}),
  }));
  return createServiceSpec(
    { name: dto.name, node: dto.node, components, ...(dto.active !== undefined ? { active: dto.active } : {}) },
    where,
  );
}

function durationMs(text: string | undefined, where: string, key: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new DomainError(ErrorCode.InvalidSpec, `${where}: ${key}: invalid duration ${quoted(text)}: ${DURATION_HINT}`);
  return ms;
}

function healthInput(h: HealthDto, where: string, at: string): HealthCheckInput {
  const ms = (key: 'interval' | 'timeout' | 'start_period'): number | undefined => durationMs(h[key], where, `${at}.${key}`);
  const [intervalMs, timeoutMs, startPeriodMs] = [ms('interval'), ms('timeout'), ms('start_period')];
  return {
    ...(h.http !== undefined ? { http: h.http } : {}),
    ...(h.tcp !== undefined ? { tcp: h.tcp } : {}),
    ...(h.cmd !== undefined ? { cmd: h.cmd } : {}),
    ...(intervalMs !== undefined ? { intervalMs } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(h.retries !== undefined ? { retries: h.retries } : {}),
    ...(startPeriodMs !== undefined ? { startPeriodMs } : {}),
  };
}

export function loadServiceDefinition(path: string): ServiceSpec {
  return parseServiceDefinition(readTextFile(path, ErrorCode.FileNotFound, 'service definition', ErrorCode.InvalidSpec), path);
}

/**
 * Loads `<dir>/<service>.toml`. Operators find a service by its file name,
 * so a file whose `name` differs from its file name is rejected rather than
 * silently deploying (or stopping) some other service. A container name it
 * shares with another definition in `dir` is refused as the directory load
 * refuses it (see `assertNoCollisionInDir`).
 */
export function loadServiceDefinitionByName(dir: string, service: string): ServiceSpec {
  const name = assertValidName('service', service);
  const path = join(dir, `${name}.toml`);
  const spec = loadServiceDefinition(path);
  assertFileNameMatches(path, spec);
  assertNoCollisionInDir(dir, path, spec);
  return spec;
}

/**
 * Throws NAME_COLLISION (naming both files, both services and the container)
 * when `spec`, read from `path`, names a container that another service's
 * definition in `dir` on the same node names too. A command that loads one
 * file would otherwise deploy whichever of the pair comes first, where sync
 * and plan refuse the pair. Only files that load count: one that does not
 * parse, or is named after another service than it defines, fails its own
 * load and does not block this service. A missing `dir` holds no other file.
 */
export function assertNoCollisionInDir(dir: string, path: string, spec: ServiceSpec): void {
  let files: string[];
  try {
    files = tomlFiles(readdirSync(dir));
  } catch {
    return;
  }
  const others = new Map<string, { path: string; spec: ServiceSpec }>();
  for (const f of files) {
    const other = join(dir, f);
    if (resolve(other) === resolve(path)) continue;
    try {
      const loaded = loadServiceDefinition(other);
      assertFileNameMatches(other, loaded);
      if (loaded.node === spec.node && loaded.name !== spec.name) others.set(loaded.name, { path: other, spec: loaded });
    } catch {
      // Its own load reports it.
    }
  }
  const [clash] = collisionsOf(spec, [...others.values()].map((o) => o.spec));
  if (!clash) return;
  // This file's service first: it is the one the operator asked for.
  throw nameCollisionError({ container: clash.container, first: clash.second, second: clash.first }, `${path} and ${others.get(clash.first.service)!.path}`);
}

function tomlFiles(entries: readonly string[]): string[] {
  return entries.filter((f) => f.endsWith('.toml') && !f.startsWith('.')).sort();
}

/**
 * Every `*.toml` in `dir`, sorted by file name; the first bad file fails the
 * whole load, naming it, and so do two services of one node whose container
 * names collide (NAME_COLLISION naming both files).
 */
export function loadAllServiceDefinitions(dir: string): ServiceSpec[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DomainError(ErrorCode.FileNotFound, `${dir}: services directory not found`);
    throw new DomainError(ErrorCode.FileNotFound, `${dir}: cannot read services directory: ${code ?? messageOf(e)}`);
  }
  const files = tomlFiles(entries);
  // Names are unique because each file must be named after its service.
  const specs = files.map((f) => {
    const path = join(dir, f);
    const spec = loadServiceDefinition(path);
    assertFileNameMatches(path, spec);
    return spec;
  });
  const [clash] = nameCollisionsPerNode(specs);
  if (clash) throw nameCollisionError(clash, `${join(dir, `${clash.first.service}.toml`)} and ${join(dir, `${clash.second.service}.toml`)}`);
  return specs;
}

function assertFileNameMatches(path: string, spec: ServiceSpec): void {
  const expected = basename(path, '.toml');
  if (spec.name !== expected) {
    throw new DomainError(
      ErrorCode.InvalidSpec,
      `${path}: name: the file defines service ${JSON.stringify(spec.name)} but is named ${JSON.stringify(basename(path))}; rename the file to ${spec.name}.toml or fix name`,
    );
  }
}
