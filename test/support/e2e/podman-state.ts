import type { SuitePodman } from '../podman/podman-fixture';

/** The parts of `podman container inspect` the e2e tests compare. */
export interface Inspected {
  readonly Id: string;
  readonly Name: string;
  readonly ImageName: string;
  readonly State: { readonly Status: string; readonly StartedAt: string };
  readonly Config: {
    readonly Labels: Record<string, string> | null;
    readonly Env: string[];
    readonly Cmd: string[] | null;
    readonly User: string;
  };
  readonly HostConfig: {
    readonly PortBindings: Record<string, { HostIp: string; HostPort: string }[]> | null;
    readonly Binds: string[] | null;
    readonly NetworkMode: string;
    readonly RestartPolicy: { readonly Name: string };
  };
  readonly NetworkSettings: { readonly Networks: Record<string, unknown> | null };
}

export async function inspectContainer(pod: SuitePodman, name: string): Promise<Inspected> {
  const { stdout } = await pod.podman(['container', 'inspect', '--', name]);
  return (JSON.parse(stdout) as Inspected[])[0]!;
}

export async function containerStatus(pod: SuitePodman, name: string): Promise<string> {
  return (await inspectContainer(pod, name)).State.Status;
}

/** Names of every container (any state) whose name contains `part`. */
export async function containerNames(pod: SuitePodman, part: string): Promise<string[]> {
  const { stdout } = await pod.podman(['ps', '--all', '--format={{.Names}}']);
  return stdout
    .split('\n')
    .map((s) => s.trim())
    .filter((n) => n !== '' && n.includes(part));
}
