import { healthCheckInput } from '../health/health-check';
import type { ComponentSpec } from './service-spec';

/** One field of a component that a deploy would change. Env values never appear: only names. */
export type FieldChange =
  | { readonly field: 'image' | 'network' | 'user' | 'restart' | 'pull' | 'state'; readonly from: string; readonly to: string }
  | { readonly field: 'env'; readonly added: readonly string[]; readonly removed: readonly string[]; readonly changed: readonly string[] }
  | { readonly field: 'ports' | 'volumes'; readonly added: readonly string[]; readonly removed: readonly string[]; readonly reordered: boolean }
  | { readonly field: 'cmd'; readonly from: readonly string[]; readonly to: readonly string[] }
  | { readonly field: 'health'; readonly from: string; readonly to: string };

function list(field: 'ports' | 'volumes', from: readonly string[], to: readonly string[]): FieldChange[] {
  if (from.length === to.length && from.every((v, i) => v === to[i])) return [];
  const added = to.filter((v) => !from.includes(v));
  const removed = from.filter((v) => !to.includes(v));
  return [{ field, added, removed, reordered: added.length === 0 && removed.length === 0 }];
}

/** What would change from the component as the node holds it (`from`) to the one in the file (`to`), field by field. */
export function diffComponent(from: ComponentSpec, to: ComponentSpec): FieldChange[] {
  const changes: FieldChange[] = [];
  const scalar = (field: 'image' | 'network' | 'user' | 'restart' | 'pull', a: string | undefined, b: string | undefined) => {
    if ((a ?? '') !== (b ?? '')) changes.push({ field, from: a ?? '', to: b ?? '' });
  };
  scalar('image', from.image, to.image);
  const keys = (e: Readonly<Record<string, string>>) => Object.keys(e).sort();
  const added = keys(to.env).filter((k) => !(k in from.env));
  const removed = keys(from.env).filter((k) => !(k in to.env));
  const changed = keys(to.env).filter((k) => k in from.env && from.env[k] !== to.env[k]);
  if (added.length + removed.length + changed.length > 0) changes.push({ field: 'env', added, removed, changed });
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
