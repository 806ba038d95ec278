import { DomainError, ErrorCode } from '../errors/domain-error';
import { quoted } from '../errors/quoted';

/** What a check asks: a GET from the node, a TCP connect from the node, or a command inside the container. */
export type HealthTarget =
  | { readonly kind: 'http'; readonly url: string }
  | { readonly kind: 'tcp'; readonly address: string }
  | { readonly kind: 'cmd'; readonly argv: readonly string[] };

export interface HealthCheck {
  readonly target: HealthTarget;
  /** Monitor cadence. */
  readonly intervalMs: number;
  /** One probe. */
  readonly timeoutMs: number;
  /** Consecutive failures before unhealthy. */
  readonly retries: number;
  /** How long a deploy waits for the first success. */
  readonly startPeriodMs: number;
}

export const HEALTH_DEFAULTS = { intervalMs: 30_000, timeoutMs: 5_000, retries: 3, startPeriodMs: 60_000 } as const;

/** A check as it may arrive: exactly one of http | tcp | cmd, timings optional (milliseconds). */
export interface HealthCheckInput {
  readonly http?: string;
  readonly tcp?: string;
  readonly cmd?: readonly string[];
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly startPeriodMs?: number;
}

// 24 h: longer is a typo, and timers beyond 2^31 ms fire at once.
const MAX_MS = 86_400_000;
const TCP_ADDRESS = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

function invalid(where: string, field: string, message: string): DomainError {
  return new DomainError(ErrorCode.InvalidSpec, `${where}: ${field}: ${message}`);
}

function checkMs(where: string, field: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min || value > MAX_MS) {
    throw invalid(where, field, `invalid duration ${quoted(value)}ms: use between ${min}ms and 24h`);
  }
  return value;
}

function checkTarget(where: string, at: string, input: HealthCheckInput): HealthTarget {
  const given = (['http', 'tcp', 'cmd'] as const).filter((k) => input[k] !== undefined);
  if (given.length !== 1) {
    throw invalid(where, at, given.length === 0 ? 'needs one of http, tcp or cmd' : `has ${given.join(' and ')}: use exactly one of http, tcp or cmd`);
  }
  if (input.http !== undefined) {
    if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(input.http)) throw invalid(where, `${at}.http`, `invalid URL ${quoted(input.http)}: use http://host:port/path`);
    return { kind: 'http', url: input.http };
  }
  if (input.tcp !== undefined) {
    const m = TCP_ADDRESS.exec(input.tcp);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw invalid(where, `${at}.tcp`, `invalid address ${quoted(input.tcp)}: use host:port`);
    return { kind: 'tcp', address: input.tcp };
  }
  const argv = [...(input.cmd ?? [])];
  if (argv.length === 0) throw invalid(where, `${at}.cmd`, 'needs at least the program to run');
  argv.forEach((a, i) => {
    if (typeof a !== 'string' || a.includes('\0') || (i === 0 && a === '')) throw invalid(where, `${at}.cmd[${i}]`, 'must be a non-empty string without NUL');
  });
  return { kind: 'cmd', argv };
}

/** Validates one component's check; `at` is its path ("components[0].health"). */
export function createHealthCheck(input: HealthCheckInput, where: string, at: string): HealthCheck {
  const target = checkTarget(where, at, input);
  const retries = input.retries ?? HEALTH_DEFAULTS.retries;
  if (!Number.isSafeInteger(retries) || retries < 1 || retries > 100) throw invalid(where, `${at}.retries`, `invalid value ${quoted(retries)}: use a whole number from 1 to 100`);
  return {
    target,
    intervalMs: checkMs(where, `${at}.interval`, input.intervalMs, HEALTH_DEFAULTS.intervalMs, 100),
    timeoutMs: checkMs(where, `${at}.timeout`, input.timeoutMs, HEALTH_DEFAULTS.timeoutMs, 10),
    retries,
    startPeriodMs: checkMs(where, `${at}.start_period`, input.startPeriodMs, HEALTH_DEFAULTS.startPeriodMs, 0),
  };
}

/** Back to the input shape (wire, registry, file): the inverse of createHealthCheck. */
export function healthCheckInput(c: HealthCheck): HealthCheckInput {
  const t = c.target;
  return {
    ...(t.kind === 'http' ? { http: t.url } : t.kind === 'tcp' ? { tcp: t.address } : { cmd: [...t.argv] }),
    intervalMs: c.intervalMs,
    timeoutMs: c.timeoutMs,
    retries: c.retries,
    startPeriodMs: c.startPeriodMs,
  };
}

/** A probe's output as events and alerts carry it: at most 1 KiB. */
export function clipProbeOutput(text: string): string {
  return text.length <= 1024 ? text : text.slice(0, 1024);
}
