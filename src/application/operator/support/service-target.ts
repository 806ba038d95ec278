import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { assertValidName } from '../../../domain/names/name.value';

export interface ServiceTarget {
  readonly service: string;
  readonly component?: string;
}

/** `<service>` or `<service>/<component>`, both names checked. */
export function parseServiceTarget(text: string): ServiceTarget {
  const parts = text.split('/');
  if (parts.length > 2) throw new DomainError(ErrorCode.InvalidArgument, `invalid target ${JSON.stringify(text)}: use <service> or <service>/<component>`);
  const service = assertValidName('service', parts[0]);
  if (parts.length === 1) return { service };
  return { service, component: assertValidName('component', parts[1]) };
}

/** The last path segment, as `push` names a file on the agent when no path is given. */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const name = trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
  if (name === '' || name === '.' || name === '..') throw new DomainError(ErrorCode.InvalidPath, `cannot derive a file name from ${JSON.stringify(path)}: give the path on the agent`);
  return name;
}
