/*
 * The podman run options of a component (ports, volumes, user, restart) read
 * into structures, so that every export format maps the same meaning and
 * refuses the same unreadable strings. podman itself is the reference for the
 * syntax: `-p [[ip:][hostPort]:]containerPort[/proto]`,
 * `-v [source:]target[:options]`, `--user uid[:gid]|name[:group]`,
 * `--restart no|always|unless-stopped|on-failure[:N]`.
 */

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export interface PortMapping {
  /** Without brackets for IPv6. */
  readonly hostIp?: string;
  /** Absent: podman publishes on a random host port. */
  readonly hostPort?: PortRange;
  readonly containerPort: PortRange;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
}

const PORT = /^(?:(?:(\[[0-9A-Fa-f:.]+\]|[0-9.]+):)?(\d{1,5}(?:-\d{1,5})?)?:)?(\d{1,5}(?:-\d{1,5})?)(?:\/(tcp|udp|sctp))?$/;

function range(text: string): PortRange | undefined {
  const [a, b] = text.split('-').map(Number);
  const from = a!;
  const to = b ?? from;
  if (from < 1 || to > 65535 || to < from) return undefined;
  return { from, to };
}

export function isSinglePort(r: PortRange): boolean {
  return r.from === r.to;
}

/** A `-p` value as a structure, or undefined when it is not one podman reads. */
export function parsePort(text: string): PortMapping | undefined {
  const m = PORT.exec(text);
  if (!m) return undefined;
  const [, ip, host, container, protocol] = m;
  const containerPort = range(container!);
  const hostPort = host !== undefined ? range(host) : undefined;
  if (!containerPort || (host !== undefined && !hostPort)) return undefined;
  if (hostPort && hostPort.to - hostPort.from !== containerPort.to - containerPort.from) return undefined;
  return {
    ...(ip !== undefined ? { hostIp: ip.replace(/^\[|\]$/g, '') } : {}),
    ...(hostPort ? { hostPort } : {}),
    containerPort,
    protocol: (protocol ?? 'tcp') as PortMapping['protocol'],
  };
}

export type VolumeSource = { readonly kind: 'bind'; readonly path: string } | { readonly kind: 'named'; readonly name: string };

export interface VolumeMapping {
  /** Absent: an anonymous volume. */
  readonly source?: VolumeSource;
  readonly target: string;
  readonly options: readonly string[];
}

const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A `-v` value as a structure, or undefined when it is not one podman reads. */
export function parseVolume(text: string): VolumeMapping | undefined {
  const parts = text.split(':');
  let source: string | undefined;
  let target: string;
  let options = '';
  if (parts.length === 1) target = parts[0]!;
  else if (parts.length === 2 && parts[1]!.startsWith('/')) [source, target] = parts as [string, string];
  else if (parts.length === 2) [target, options] = parts as [string, string];
  else if (parts.length === 3) [source, target, options] = parts as [string, string, string];
  else return undefined;
  if (!target.startsWith('/')) return undefined;
  const opts = options === '' ? [] : options.split(',');
  if (opts.some((o) => o === '')) return undefined;
  if (source === undefined) return { target, options: opts };
  if (source.startsWith('/')) return { source: { kind: 'bind', path: source }, target, options: opts };
  if (!VOLUME_NAME.test(source)) return undefined;
  return { source: { kind: 'named', name: source }, target, options: opts };
}

/** `uid[:gid]` in numbers, or a name (which only the image's /etc/passwd can resolve). */
export type UserSpec = { readonly kind: 'numeric'; readonly uid: number; readonly gid?: number } | { readonly kind: 'named'; readonly text: string };

export function parseUser(text: string): UserSpec {
  const m = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(text);
  if (!m) return { kind: 'named', text };
  return { kind: 'numeric', uid: Number(m[1]), ...(m[2] !== undefined ? { gid: Number(m[2]) } : {}) };
}

export interface RestartPolicy {
  readonly policy: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  /** on-failure:N */
  readonly maxRetries?: number;
}

/** The spec gate already checked the syntax (no|always|unless-stopped|on-failure[:N]). */
export function parseRestart(text: string): RestartPolicy {
  const [policy, retries] = text.split(':');
  return { policy: policy as RestartPolicy['policy'], ...(retries !== undefined ? { maxRetries: Number(retries) } : {}) };
}
