import { healthCheckInput } from '../health/health-check';
import type { ComponentSpec } from './service-spec';

/** One field of a component that a deploy would change. Env values never appear: only names. */
export type FieldChange =
  | { readonly field: 'image' | 'network' | 'user' | 'restart' | 'pull' | 'state'; readonly from: string; readonly to: string }
  | { readonly field: 'env' | 'secrets' | 'secret_files'; readonly added: readonly string[]; readonly removed: readonly string[]; readonly changed: readonly string[] }
  | { readonly field: 'ports' | 'volumes'; readonly added: readonly string[]; readonly removed: readonly string[]; readonly reordered: boolean }
  | { readonly field: 'cmd'; readonly from: readonly string[]; readonly to: readonly string[] }
  | { readonly field: 'health'; readonly from: string; readonly to: string }
  /** The node holds a newer version of a secret than the one the running container got. */
  | { readonly field: 'secret'; readonly name: string };

function list(field: 'ports' | 'volumes', from: readonly string[], to: readonly string[]): FieldChange[] {
  if (from.length === to.length && from.every((v, i) => v === to[i])) return [];
  const added = to.filter((v) => !from.includes(v));
  const removed = from.filter((v) => !to.includes(v));
  return [{ field, added, removed, reordered: added.length === 0 && removed.length === 0 }];
}

/** Keys only: env values are the user's, secret names are not values but read the same way. */
function table(field: 'env' | 'secrets' | 'secret_files', from: Readonly<Record<string, string>> = {}, to: Readonly<Record<string, string>> = {}): FieldChange[] {
  const keys = (e: Readonly<Record<string, string>>) => Object.keys(e).sort();
  const added = keys(to).filter((k) => !(k in from));
  const removed = keys(from).filter((k) => !(k in to));
  const changed = keys(to).filter((k) => k in from && from[k] !== to[k]);
  return added.length + removed.length + changed.length > 0 ? [{ field, added, removed, changed }] : [];
}

/** What would change from the component as the node holds it (`from`) to the one in the file (`to`), field by field. */
export function diffComponent(from: ComponentSpec, to: ComponentSpec): FieldChange[] {
  const changes: FieldChange[] = [];
  const scalar = (field: 'image' | 'network' | 'user' | 'restart' | 'pull', a: string | undefined, b: string | undefined) => {
    if ((a ?? '') !== (b ?? '')) changes.push({ field, from: a ?? '', to: b ?? '' });
  };
  scalar('image', from.image, to.image);
  changes.push(...table('env', from.env, to.env), ...table('secrets', from.secrets, to.secrets), ...table('secret_files', from.secretFiles, to.secretFiles));
  changes.push(...list('ports', from.ports, to.ports), ...list('volumes', from.volumes, to.volumes));
  if (from.cmd.length !== to.cmd.length || from.cmd.some((v, i) => v !== to.cmd[i])) changes.push({ field: 'cmd', from: from.cmd, to: to.cmd });
  scalar('network', from.network, to.network);
  scalar('user', from.user, to.user);
  scalar('restart', from.restart, to.restart);
  scalar('pull', from.pull, to.pull);
  const check = (c: ComponentSpec): string => (c.health ? JSON.stringify(healthCheckInput(c.health)) : '');
  if (check(from) !== check(to)) changes.push({ field: 'health', from: describeCheck(from), to: describeCheck(to) });
  return changes;
}

/** A check in a few words: its target, without timings (they show as "changed" when only they differ). */
function describeCheck(c: ComponentSpec): string {
  const t = c.health?.target;
  if (!t) return '';
  return t.kind === 'http' ? `http ${t.url}` : t.kind === 'tcp' ? `tcp ${t.address}` : `cmd ${JSON.stringify(t.argv)}`;
}
