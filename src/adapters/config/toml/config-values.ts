import { isValidName } from '../../../domain/names/name.value';
import { type ConfigProblems } from './config-source';
import { DURATION_HINT, parseDuration } from '../../../domain/time/duration';
import { quoted } from '../../../domain/errors/quoted';

/**
 * The longest a duration that arms a timer may be: 24 h, as for health checks.
 * Node turns a timer beyond 2^31 ms (24.8 days) into 1 ms, so a larger value
 * would silently mean "at once"; a day is already far past any sane setting.
 */
const MAX_TIMER_MS = 86_400_000;

/**
 * Reads a duration key, which must be positive; a `timer` (one that arms a
 * setTimeout or bounds a wait) at most 24h.
 */
export function durationMs(problems: ConfigProblems, key: string, text: string | undefined, fallback: string, kind: 'timer' | 'span' = 'span'): number {
  const value = text ?? fallback;
  const ms = parseDuration(value);
  if (ms === undefined) throw problems.fail(key, `${quoted(value)} is not a duration (${DURATION_HINT})`);
  if (ms === 0) throw problems.fail(key, `${quoted(value)} must be longer than zero`);
  if (kind === 'timer' && ms > MAX_TIMER_MS) throw problems.fail(key, `${quoted(value)} is too long: use at most 24h`);
  return ms;
}

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/**
 * "host:port" (an IPv6 host in brackets); the port must be 1-65535, or 0 for
 * a listen address when `anyPort` (the kernel picks one; the agent logs it).
 */
export function hostPort(problems: ConfigProblems, key: string, value: string, anyPort = false): string {
  const match = HOST_PORT.exec(value);
  const port = match ? Number(match[3]) : -1;
  if (!match || port < (anyPort ? 0 : 1) || port > 65535) throw problems.fail(key, `${quoted(value)} is not host:port (e.g. rift.example:9444)`);
  return value;
}

export function nodeName(problems: ConfigProblems, key: string, value: string): string {
  if (!isValidName(value)) {
    throw problems.fail(key, `invalid node name ${quoted(value)}: use 1-48 lowercase letters, digits and '-', starting and ending with a letter or digit`);
  }
  return value;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An identity server URL: https, or http only on loopback (tokens and passwords travel on it). */
export function serverUrl(problems: ConfigProblems, key: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw problems.fail(key, `${quoted(value)} is not a URL (e.g. https://mcias.example:8443)`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return value.replace(/\/+$/, '');
  throw problems.fail(key, `${quoted(value)} must be an https:// URL`);
}

/** True for a listen address only this machine can reach. */
export function isLoopbackAddress(hostPortText: string): boolean {
  const host = hostPortText.slice(0, hostPortText.lastIndexOf(':'));
  return LOOPBACK.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function nonEmpty(problems: ConfigProblems, key: string, value: string): string {
  if (value.trim() === '') throw problems.fail(key, 'must not be empty');
  return value;
}
