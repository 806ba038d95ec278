import type { LogQuery } from '../../../application/agent/ports/container-logs.port';
import type { ContainerSpec } from '../../../domain/service/container-spec';

/*
 * Pure argv builders for the podman CLI. Every value is given as
 * `--flag=value` so that no value can ever be read as a flag, and names go
 * after `--` where podman accepts positional names. The image and the command
 * come last: podman stops parsing its own flags at the image, so the
 * command's arguments reach the container untouched.
 */

/** `secretArgs`: the `--secret=…` flags of the podman secrets made for this run (podman-secrets.ts). */
export function runArgs(spec: ContainerSpec, secretArgs: readonly string[] = []): string[] {
  const args = ['run', '-d', '--pull=never', `--name=${spec.name}`];
  if (spec.network !== undefined) args.push(`--network=${spec.network}`);
  if (spec.user !== undefined) args.push(`--user=${spec.user}`);
  args.push(`--restart=${spec.restart}`);
  for (const port of spec.ports) args.push(`-p=${port}`);
  for (const volume of spec.volumes) args.push(`-v=${volume}`);
  for (const [key, value] of Object.entries(spec.env)) args.push(`-e=${key}=${value}`);
  for (const [key, value] of Object.entries(spec.labels)) args.push(`--label=${key}=${value}`);
  args.push(...secretArgs);
  args.push(spec.image, ...spec.cmd);
  return args;
}

export function pullArgs(image: string): string[] {
  return ['pull', '--quiet', '--', image];
}

export function imageExistsArgs(image: string): string[] {
  return ['image', 'exists', '--', image];
}

export function startArgs(name: string): string[] {
  return ['start', '--', name];
}

export function stopArgs(name: string, timeoutSeconds: number): string[] {
  return ['stop', `--time=${timeoutSeconds}`, '--', name];
}

/** `--ignore` makes removing an absent container a success, as the port asks. */
export function removeArgs(name: string, timeoutSeconds: number): string[] {
  return ['rm', '--force', '--ignore', `--time=${timeoutSeconds}`, '--', name];
}

/** The create command's words, space-separated (podman 4.3 lists only mounted secrets in Config.Secrets; this names every one). */
export const CREATE_COMMAND_FORMAT = '{{range .Config.CreateCommand}}{{.}} {{end}}';

/**
 * What a removal needs to know, in one call: podman's own state word first
 * (e.g. "stopping", which `ps`'s callers fold into "stopped"), then the
 * create command (whose `--secret=` flags name the podman secrets to drop).
 */
export function removalLookArgs(name: string): string[] {
  return ['container', 'inspect', `--format={{.State.Status}} ${CREATE_COMMAND_FORMAT}`, '--', name];
}

export function renameArgs(from: string, to: string): string[] {
  return ['rename', '--', from, to];
}

export function listArgs(): string[] {
  return ['ps', '--all', '--format=json'];
}

export function inspectArgs(names: readonly string[]): string[] {
  return ['container', 'inspect', '--', ...names];
}

export function imageInspectArgs(images: readonly string[]): string[] {
  return ['image', 'inspect', '--', ...images];
}

/** Always --timestamps: the time prefix is also how container lines are told from podman's own messages on stderr. */
export function logsArgs(name: string, query: LogQuery): string[] {
  const args = ['logs', '--timestamps'];
  if (query.tail !== undefined) args.push(`--tail=${query.tail}`);
  if (query.since !== undefined) args.push(`--since=${query.since.toISOString()}`);
  if (query.follow) args.push('--follow');
  args.push('--', name);
  return args;
}

/** The command follows the name: podman passes it to the container untouched. */
export function execArgs(name: string, argv: readonly string[]): string[] {
  return ['exec', '--', name, ...argv];
}

export function eventsArgs(): string[] {
  return ['events', '--format=json', '--filter=type=container'];
}
