import type { ContainerCreateOptions } from 'dockerode';
import type { ContainerSpec } from '../../../domain/service/container-spec';
import { parsePort, parseRestart } from '../../../domain/service/run-options';

/*
 * ContainerSpec → the Engine API's create body, with the meaning `podman run`
 * gives the same spec: `-p` strings become ExposedPorts + PortBindings,
 * `-v` strings are passed as Binds (same syntax), an empty cmd keeps the
 * image's, restart "on-failure:N" becomes a policy with a retry count.
 */

/** One `-p` value as the API's port keys and bindings, one per port of a range. */
function bindingsOf(text: string): { key: string; binding: { HostIp: string; HostPort: string } }[] {
  const m = parsePort(text);
  if (!m) throw new Error(`port ${JSON.stringify(text)}: use [[ip:][hostPort]:]containerPort[/proto]`);
  const count = m.containerPort.to - m.containerPort.from + 1;
  return Array.from({ length: count }, (_, i) => ({
    key: `${m.containerPort.from + i}/${m.protocol}`,
    binding: { HostIp: m.hostIp ?? '', HostPort: m.hostPort ? String(m.hostPort.from + i) : '' },
  }));
}

/** The create body for a spec; throws a plain Error naming a port it cannot read. */
export function createOptions(spec: ContainerSpec): ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const { key, binding } of spec.ports.flatMap(bindingsOf)) {
    exposed[key] = {};
    (bindings[key] ??= []).push(binding);
  }
  const restart = parseRestart(spec.restart);
  return {
    name: spec.name,
    Image: spec.image,
    Labels: { ...spec.labels },
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    ...(spec.cmd.length > 0 ? { Cmd: [...spec.cmd] } : {}),
    ...(spec.user !== undefined ? { User: spec.user } : {}),
    ExposedPorts: exposed,
    HostConfig: {
      RestartPolicy: { Name: restart.policy, ...(restart.maxRetries !== undefined ? { MaximumRetryCount: restart.maxRetries } : {}) },
      PortBindings: bindings,
      Binds: [...spec.volumes],
      ...(spec.network !== undefined ? { NetworkMode: spec.network } : {}),
    },
  };
}
