import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { DEPLOY_OUTCOMES, type DeployOutcome, type NodeEvent, NODE_EVENT_KINDS, type NodeEventKind } from '../../../domain/events/transition-event';
import { type Health, HEALTH_STATES } from '../../../domain/state/health';
import { type HealthCheck, type HealthCheckInput, createHealthCheck, healthCheckInput } from '../../../domain/health/health-check';
import type { ComponentRecord, ServiceRecord, UnmanagedContainer } from '../../../domain/service/service-record';
import { PULL_POLICIES, type ComponentSpec, type PullPolicy, createServiceSpec } from '../../../domain/service/service-spec';
import { DESIRED_STATES, OBSERVED_STATES, type DesiredState, type ObservedState } from '../../../domain/state/states';
import type { RunningCheck } from '../../../application/agent/ports/registry.port';
import type { ComponentEnvEntity } from './entities/component-parts.entity';
import type { ComponentEntity } from './entities/component.entity';
import type { EventEntity } from './entities/event.entity';
import type { ServiceEntity } from './entities/service.entity';
import type { UnmanagedContainerEntity } from './entities/unmanaged-container.entity';

/** One component's ordered lists and env, as rows read from their tables. */
export interface ComponentParts {
  readonly ports: readonly string[];
  readonly volumes: readonly string[];
  readonly cmd: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

export interface ServiceRows {
  readonly service: ServiceEntity;
  readonly components: readonly ComponentEntity[];
  readonly ports: readonly ListRow[];
  readonly volumes: readonly ListRow[];
  readonly cmd: readonly ListRow[];
  readonly env: readonly ComponentEnvEntity[];
}

export interface ListRow {
  service: string;
  component: string;
  position: number;
  value: string;
}

export function oneOf<T extends string>(allowed: readonly T[], value: string, what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new DomainError(ErrorCode.Internal, `registry holds an invalid ${what} ${JSON.stringify(value)}; the database was changed outside MCP`);
}

const toDate = (ms: number | null): Date | undefined => (ms === null ? undefined : new Date(Number(ms)));
const toMs = (d: Date | undefined): number | null => (d === undefined ? null : d.getTime());

// ---- rows → domain -------------------------------------------------------

export function toComponentRecord(row: ComponentEntity, parts: ComponentParts): ComponentRecord {
  const spec: ComponentSpec = {
    name: row.name,
    image: row.image,
    ...(row.network !== null ? { network: row.network } : {}),
    ...(row.user !== null ? { user: row.user } : {}),
    restart: row.restart,
    ports: [...parts.ports],
    volumes: [...parts.volumes],
    cmd: [...parts.cmd],
    env: { ...parts.env },
    pull: oneOf<PullPolicy>(PULL_POLICIES, row.pull, `pull policy for ${row.service}/${row.name}`),
    ...(row.healthCheck ? { health: healthCheckOf(row) } : {}),
    ...secretRefsOf(row),
  };
  const observedAt = toDate(row.observedAt);
  const startedAt = toDate(row.startedAt);
  return {
    spec,
    desired: oneOf<DesiredState>(DESIRED_STATES, row.desired, `desired state for ${row.service}/${row.name}`),
    observed: oneOf<ObservedState>(OBSERVED_STATES, row.observed, `observed state for ${row.service}/${row.name}`),
    version: row.version,
    ...(observedAt ? { observedAt } : {}),
    ...(startedAt ? { startedAt } : {}),
    ...healthOf(row),
    ...(row.adopted === 1 ? { adopted: true as const } : {}),
  };
}

export function toRunningCheck(row: ComponentEntity): RunningCheck {
  return {
    service: row.service,
    component: row.name,
    check: healthCheckOf(row),
    ...healthOf(row),
  };
}

function healthOf(row: ComponentEntity): { health?: Health } {
  return row.health ? { health: oneOf<Health>(HEALTH_STATES, row.health, `health for ${row.service}/${row.name}`) } : {};
}

/** The references go through the spec gate's rules again: a hand-edited row is an error, not a surprise. */
function secretRefsOf(row: ComponentEntity): Pick<ComponentSpec, 'secrets' | 'secretFiles'> {
  if (!row.secretRefs) return {};
  try {
    const refs = JSON.parse(row.secretRefs) as Pick<ComponentSpec, 'secrets' | 'secretFiles'>;
    const [c] = createServiceSpec({ name: 'x', node: 'x', components: [{ name: 'x', image: 'x', ...refs }] }, 'registry').components;
    return { ...(c!.secrets ? { secrets: c!.secrets } : {}), ...(c!.secretFiles ? { secretFiles: c!.secretFiles } : {}) };
  } catch {
    throw new DomainError(ErrorCode.Internal, `registry holds invalid secret references for ${row.service}/${row.name}; the database was changed outside MCP`);
  }
}

function healthCheckOf(row: ComponentEntity): HealthCheck {
  try {
    return createHealthCheck(JSON.parse(row.healthCheck!) as HealthCheckInput, 'registry', `${row.service}/${row.name}.health`);
  } catch {
    throw new DomainError(ErrorCode.Internal, `registry holds an invalid health check for ${row.service}/${row.name}; the database was changed outside MCP`);
  }
}

/** Rows must come sorted by component position, and list rows by position. */
export function toServiceRecord(rows: ServiceRows): ServiceRecord {
  const valuesOf = (list: readonly ListRow[], component: string): string[] => list.filter((r) => r.component === component).map((r) => r.value);
  return {
    name: rows.service.name,
    node: rows.service.node,
    active: rows.service.active !== 0,
    components: rows.components.map((c) =>
      toComponentRecord(c, {
        ports: valuesOf(rows.ports, c.name),
        volumes: valuesOf(rows.volumes, c.name),
        cmd: valuesOf(rows.cmd, c.name),
        env: Object.fromEntries(rows.env.filter((e) => e.component === c.name).map((e) => [e.key, e.value])),
      }),
    ),
  };
}

/** `detail` is a JSON object; a row written by hand or by an older agent may carry none. */
function detailOf(row: EventEntity): Record<string, unknown> {
  try {
    const d: unknown = JSON.parse(row.detail || '{}');
    return typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function toNodeEvent(row: EventEntity): NodeEvent {
  const base = { service: row.service, component: row.component, at: new Date(Number(row.at)) };
  const kind = oneOf<NodeEventKind>(NODE_EVENT_KINDS, row.kind, 'event kind');
  const detail = detailOf(row);
  switch (kind) {
    case 'transition':
      return { kind, ...base, from: oneOf<ObservedState>(OBSERVED_STATES, row.from, 'event state'), to: oneOf<ObservedState>(OBSERVED_STATES, row.to, 'event state') };
    case 'health':
      return {
        kind,
        ...base,
        from: oneOf<Health>(HEALTH_STATES, row.from, 'health'),
        to: oneOf<Health>(HEALTH_STATES, row.to, 'health'),
        output: typeof detail.output === 'string' ? detail.output : '',
      };
    case 'deploy':
      return {
        kind,
        ...base,
        outcome: oneOf<DeployOutcome>(DEPLOY_OUTCOMES, row.to, 'deploy outcome'),
        message: typeof detail.message === 'string' ? detail.message : '',
        ...(typeof detail.revision === 'number' ? { revision: detail.revision } : {}),
      };
  }
}

export function toUnmanaged(row: UnmanagedContainerEntity): UnmanagedContainer {
  return { name: row.name, image: row.image, observed: oneOf<ObservedState>(OBSERVED_STATES, row.observed, `observed state for container ${row.name}`) };
}

// ---- domain → rows -------------------------------------------------------

export function fromServiceRecord(record: ServiceRecord): ServiceRows {
  const service = record.name;
  const list = (pick: (c: ComponentSpec) => readonly string[]): ListRow[] =>
    record.components.flatMap((c) => pick(c.spec).map((value, position) => ({ service, component: c.spec.name, position, value })));
  return {
    service: { name: service, node: record.node, active: record.active ? 1 : 0 },
    components: record.components.map((c, position) => ({
      service,
      name: c.spec.name,
      position,
      image: c.spec.image,
      network: c.spec.network ?? null,
      user: c.spec.user ?? null,
      restart: c.spec.restart,
      pull: c.spec.pull,
      desired: c.desired,
      observed: c.observed,
      version: c.version,
      observedAt: toMs(c.observedAt),
      startedAt: toMs(c.startedAt),
      healthCheck: c.spec.health ? JSON.stringify(healthCheckInput(c.spec.health)) : null,
      health: c.health ?? null,
      secretRefs: c.spec.secrets || c.spec.secretFiles ? JSON.stringify({ secrets: c.spec.secrets, secretFiles: c.spec.secretFiles }) : null,
      adopted: c.adopted ? 1 : 0,
    })),
    ports: list((s) => s.ports),
    volumes: list((s) => s.volumes),
    cmd: list((s) => s.cmd),
    env: record.components.flatMap((c) => Object.entries(c.spec.env).map(([key, value]) => ({ service, component: c.spec.name, key, value }))),
  };
}

export function fromNodeEvent(e: NodeEvent): Omit<EventEntity, 'id'> {
  const row = { kind: e.kind, service: e.service, component: e.component, at: e.at.getTime() };
  switch (e.kind) {
    case 'transition':
      return { ...row, from: e.from, to: e.to, detail: '' };
    case 'health':
      return { ...row, from: e.from, to: e.to, detail: JSON.stringify({ output: e.output }) };
    case 'deploy':
      return { ...row, from: '', to: e.outcome, detail: JSON.stringify({ message: e.message, ...(e.revision !== undefined ? { revision: e.revision } : {}) }) };
  }
}

export function fromUnmanaged(u: UnmanagedContainer): UnmanagedContainerEntity {
  return { name: u.name, image: u.image, observed: u.observed };
}
