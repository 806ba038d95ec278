/*
 * What the dashboard's server sends its pages (JSON, over server-sent events
 * and the /api routes). Shared by the server and the browser code, so both
 * sides are checked against one shape; plain data only (times as ISO text).
 */

import { ServiceScope, isValidServiceGlob } from '../../../domain/identity/service-scope';

/** What a token may do on a node; the buttons a page shows follow it. */
export type Role = 'viewer' | 'deployer' | 'admin';

export function mayChange(role: Role): boolean {
  return role === 'deployer' || role === 'admin';
}

/**
 * Whether the operator's token may deploy, roll back, stop, start or restart
 * `service` on `node` (the node that holds it, else the one its definition
 * file names), as that node last said (WhoAmI: role and scope). `unknown`
 * while the node has not answered (or is not a configured node): nothing is
 * guessed, the server lets the use case run (the node refuses, or is
 * unreachable, in its own words) and the page shows no button.
 */
export type ChangeRight = { readonly may: 'yes' } | { readonly may: 'no' | 'unknown'; readonly why: string };

export function changeRight(node: NodeRow | undefined, service: string): ChangeRight {
  if (node === undefined) return { may: 'unknown', why: `no configured node holds ${service} or is named by its definition file` };
  if (node.role === undefined) return { may: 'unknown', why: `your role on ${node.node} is not known yet: it has not answered` };
  if (!mayChange(node.role)) return { may: 'no', why: `your token is a ${node.role} on ${node.node}` };
  const globs = (node.scope ?? []).filter(isValidServiceGlob);
  if ((node.scope ?? []).length > 0 && !ServiceScope.of(globs).includes(service)) {
    return { may: 'no', why: `your token is a ${node.role} on ${node.node} limited to ${(node.scope ?? []).join(',')}, and ${service} is outside that scope` };
  }
  return { may: 'yes' };
}

export interface ComponentRow {
  readonly name: string;
  readonly container: string;
  readonly image: string;
  readonly version: string;
  readonly desired: string;
  readonly observed: string;
  readonly drift: boolean;
  readonly health: string;
  readonly startedAt?: string;
}

export interface ServiceRow {
  readonly name: string;
  readonly node: string;
  readonly active: boolean;
  readonly components: readonly ComponentRow[];
}

export interface NodeRow {
  readonly node: string;
  readonly reachable: boolean;
  /** How long its last ListServices took. */
  readonly latencyMs?: number;
  /** Why it does not answer: the CLI's one-line message. */
  readonly error?: string;
  /** When this row was last learned (ISO). */
  readonly at: string;
  /** The token's role there as the node said it (WhoAmI); absent until it answered: never guessed. */
  readonly role?: Role;
  /** The token's scope there (globs); empty or absent = every service. */
  readonly scope?: readonly string[];
  /** The agent's release as it last said it (WhoAmI); absent until then, or from an agent that does not say it. */
  readonly agentVersion?: string;
  /** Its services as last seen (kept, marked stale, while it does not answer). */
  readonly services: readonly ServiceRow[];
}

export interface EventRow {
  readonly node: string;
  readonly kind: 'transition' | 'health' | 'deploy';
  readonly service: string;
  readonly component: string;
  readonly at: string;
  readonly detail: string;
}

export interface StepRow {
  readonly component: string;
  readonly step: string;
  /** As `mcp deploy` prints it: "healthy in 4.1s", "FAILED: …". */
  readonly text: string;
}

export interface DeployResultRow {
  readonly component: string;
  readonly ok: boolean;
  readonly restored: boolean;
  readonly error?: string;
  readonly logTail?: readonly string[];
}

/** One deploy (or rollback, or stop/start/restart) started from a page, with its steps so far: a reloaded page shows it again. */
export interface ActionRow {
  readonly id: number;
  readonly service: string;
  readonly action: 'deploy' | 'rollback' | 'stop' | 'start' | 'restart';
  readonly node?: string;
  readonly state: 'running' | 'ok' | 'failed';
  readonly startedAt: string;
  readonly steps: readonly StepRow[];
  readonly results: readonly DeployResultRow[];
  /** The one-line summary or error. */
  readonly message?: string;
}

export type LiveMessage =
  | { readonly type: 'snapshot'; readonly nodes: readonly NodeRow[]; readonly events: readonly EventRow[]; readonly actions: readonly ActionRow[] }
  | { readonly type: 'node'; readonly node: NodeRow }
  | { readonly type: 'event'; readonly event: EventRow }
  | { readonly type: 'action'; readonly action: ActionRow };

export interface LogLineRow {
  readonly component: string;
  readonly stream: 'stdout' | 'stderr';
  readonly time?: string;
  readonly line: string;
}

export interface HistoryRow {
  readonly revision?: number;
  readonly at: string;
  readonly outcome: string;
  readonly current: boolean;
  readonly summary: string;
}

/** Every error a route answers: the CLI's one-line message and the error's code. */
export interface ErrorBody {
  readonly error: string;
  readonly code: string;
}
