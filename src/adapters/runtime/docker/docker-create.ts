import type { ContainerCreateOptions } from 'dockerode';
import type { ContainerSpec } from '../../../domain/service/container-spec';

/*
 * ContainerSpec → the Engine API's create body, with the meaning `podman run`
 * gives the same spec: `-p` strings become ExposedPorts + PortBindings,
 * `-v` strings are passed as Binds (same syntax), an empty cmd keeps the
 * image's, restart "on-failure:N" becomes a policy with a retry count.
 */

interface Binding {
  readonly hostIp: string;
  readonly hostPort: string;
  readonly containerPort: string;
  readonly proto: string;
}

function range(spec: string, port: string): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(port);
  if (!m) throw new Error(`port ${JSON.stringify(spec)}: ${JSON.stringify(port)} is not a port or range`);
  const from = Number(m[1]);
  const to = m[2] !== undefined ? Number(m[2]) : from;
  if (to < from || to > 65535) throw new Error(`port ${JSON.stringify(spec)}: bad range ${port}`);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** `[ip:][hostPort:]containerPort[/proto]`, ranges allowed, IPv6 in brackets; as podman reads `-p`. */
export function parsePort(spec: string): Binding[] {
  const slash = spec.lastIndexOf('/');
  const proto = slash >= 0 ? spec.slice(slash + 1) : 'tcp';
  const body = slash >= 0 ? spec.slice(0, slash) : spec;
  if (!['tcp', 'udp', 'sctp'].includes(proto)) throw new Error(`port ${JSON.stringify(spec)}: unknown protocol ${JSON.stringify(proto)}`);
  let hostIp = '';
  let rest = body;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(body);
  if (v6) {
    hostIp = v6[1]!;
    rest = v6[2]!;
  }
  const parts = rest.split(':');
  if (!v6 && parts.length === 3) hostIp = parts.shift()!;
  if (parts.length > 2 || (v6 && parts.length !== 2)) throw new Error(`port ${JSON.stringify(spec)}: use [ip:][hostPort:]containerPort[/proto]`);
  const containerPorts = range(spec, parts[parts.length - 1]!);
  const hostPart = parts.length === 2 ? parts[0]! : '';
  const hostPorts = hostPart === '' ? containerPorts.map(() => '') : range(spec, hostPart).map(String);
  if (hostPorts.length !== containerPorts.length) throw new Error(`port ${JSON.stringify(spec)}: host and container ranges differ in length`);
  return containerPorts.map((p, i) => ({ hostIp, hostPort: hostPorts[i]!, containerPort: String(p), proto }));
}

function restartPolicy(restart: string): { Name: string; MaximumRetryCount?: number } {
  const [name = 'no', count] = restart.split(':');
  return count !== undefined ? { Name: name, MaximumRetryCount: Number(count) } : { Name: name };
}

/** The create body for a spec; throws a plain Error naming a port it cannot read. */
export function createOptions(spec: ContainerSpec): ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const b of spec.ports.flatMap(parsePort)) {
    const key = `${b.containerPort}/${b.proto}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: b.hostIp, HostPort: b.hostPort });
  }
  return {
    name: spec.name,
    Image: spec.image,
    Labels: { ...spec.labels },
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    ...(spec.cmd.length > 0 ? { Cmd: [...spec.cmd] } : {}),
    ...(spec.user !== undefined ? { User: spec.user } : {}),
    ExposedPorts: exposed,
    HostConfig: {
      RestartPolicy: restartPolicy(spec.restart),
      PortBindings: bindings,
      Binds: [...spec.volumes],
      ...(spec.network !== undefined ? { NetworkMode: spec.network } : {}),
    },
  };
}
