import type { PlanResult, PlanRow, ServicePlan } from '../../../application/operator/plan.command';
import type { FieldChange } from '../../../domain/service/spec-diff';

const plusMinus = (added: readonly string[], removed: readonly string[]): string => [...added.map((a) => `+${a}`), ...removed.map((r) => `-${r}`)].join(' ');
const quoted = (v: string): string => (v === '' ? '(none)' : v);

/** One change as a person reads it; env shows names only, never values. */
export function describeChange(c: FieldChange): string {
  switch (c.field) {
    case 'env':
    case 'secrets':
    case 'secret_files':
      return [
        ...c.added.map((k) => `${c.field} ${k} added`),
        ...c.removed.map((k) => `${c.field} ${k} removed`),
        ...c.changed.map((k) => `${c.field} ${k} changed`),
      ].join('; ');
    case 'secret':
      return `secret ${c.name} changed`;
    case 'ports':
    case 'volumes':
      return c.reordered ? `${c.field} reordered` : `${c.field} ${plusMinus(c.added, c.removed)}`;
    case 'cmd':
      return `cmd ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`;
    case 'health':
      return c.from === c.to ? `health ${c.to} timings changed` : `health ${quoted(c.from)} -> ${quoted(c.to)}`;
    default:
      return `${c.field} ${quoted(c.from)} -> ${quoted(c.to)}`;
  }
}

function rowText(r: PlanRow, width: number): string {
  const name = r.component.padEnd(width);
  switch (r.mark) {
    case '~':
      return `  ~ ${name}  ${r.changes.map(describeChange).join('; ')}`;
    case '+':
      return `  + ${name}  new component`;
    case '-':
      return `  - ${name}  not in the file: its container will be removed`;
    case '!':
      return `  ! ${name}  drift: desired ${r.drift?.desired ?? '?'}, observed ${r.drift?.observed ?? '?'}`;
    case '=':
      return `  = ${name}  unchanged`;
    case '?':
      return `  ? ${name}`;
  }
}

function serviceText(p: ServicePlan): string {
  switch (p.kind) {
    case 'error':
      return `${p.service}${p.node ? ` on ${p.node}` : ''}\n  error ${p.error?.code ?? ''}: ${p.error?.message ?? ''}\n`;
    case 'only-on-node':
      return `${p.service} on ${p.node}\n  ? only on node ${p.node} (no file)\n`;
    case 'inactive':
      return `${p.service} on ${p.node}\n  = inactive (active = false): deploy refuses it; \`mcp start ${p.service}\` runs it\n`;
    default: {
      const width = Math.max(...p.rows.map((r) => r.component.length));
      return `${p.service} on ${p.node}${p.kind === 'new' ? ' (new service)' : ''}\n${p.rows.map((r) => `${rowText(r, width)}\n`).join('')}`;
    }
  }
}

/** `mcp plan`: per service, one row per component — `~ + - = !` — and `?` for a service only a node holds. */
export function formatPlan(plan: PlanResult): string {
  if (plan.services.length === 0) return 'no services: nothing to plan\n';
  const summary = plan.failed ? 'some services could not be planned' : plan.pending ? 'changes pending: `mcp deploy <service>` applies them' : 'nothing to change';
  return `${plan.services.map(serviceText).join('')}${summary}\n`;
}
