import type { PlanResult, PlanRow, ServicePlan } from '../../../application/operator/plan.command';
import type { FieldChange } from '../../../domain/service/spec-diff';
import { errorLine } from './text';

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

/** A component whose deploy would be refused: the secrets its node lacks first, then what would change. */
function refusedText(p: ServicePlan, r: PlanRow, name: string): string {
  const lacking = (r.missingSecrets ?? []).map((s) => `secret ${s} not set on ${p.node} (mcp secret set ${p.service} ${s})`);
  const drift = r.drift ? [`drift: desired ${r.drift.desired}, observed ${r.drift.observed}`] : [];
  return `  ! ${name}  ${[...lacking, ...r.changes.map(describeChange), ...drift].join('; ')}`;
}

function rowText(p: ServicePlan, r: PlanRow, width: number): string {
  const name = r.component.padEnd(width);
  if (r.missingSecrets) return refusedText(p, r, name);
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
    case 'skipped':
      return `${p.service} on ${p.node}\n  skipped: ${p.skipped ?? ''}\n`;
    case 'inactive':
      return `${p.service} on ${p.node}\n  = inactive (active = false): deploy refuses it; \`mcp start ${p.service}\` runs it\n`;
    default: {
      const width = Math.max(...p.rows.map((r) => r.component.length));
      return `${p.service} on ${p.node}${p.kind === 'new' ? ' (new service)' : ''}\n${p.rows.map((r) => `${rowText(p, r, width)}\n`).join('')}`;
    }
  }
}

function summary(plan: PlanResult): string {
  if (plan.nodeErrors.length > 0 || plan.services.some((p) => p.kind === 'error')) return 'some services could not be planned';
  if (plan.failed) return 'a deploy would be refused: set the missing secrets first';
  return plan.pending ? 'changes pending: `mcp deploy <service>` applies them' : 'nothing to change';
}

/**
 * `mcp plan`: per service, one row per component — `~ + - = !` — and `?`
 * for a service only a node holds; then a node that did not answer as
 * `ps` shows one (`<node>  ERROR <CODE>: <message>`): what it holds is unknown.
 */
export function formatPlan(plan: PlanResult): string {
  const nodes = plan.nodeErrors.map((e) => `${errorLine(e.node, e.error)}\n`).join('');
  if (plan.services.length === 0) return `${nodes}${nodes ? 'some services could not be planned' : 'no services: nothing to plan'}\n`;
  return `${plan.services.map(serviceText).join('')}${nodes}${summary(plan)}\n`;
}
