import type { NodeEventRow, NodeFailure } from '../../../application/operator/events.command';
import type { NodeEvent } from '../../../domain/events/transition-event';

/** What happened, after the event's kind: "running -> exited", "deployed (revision 3)". */
export function eventDetail(e: NodeEvent): string {
  switch (e.kind) {
    case 'transition':
      return `${e.from} -> ${e.to}`;
    case 'health':
      return `${e.from} -> ${e.to}${e.output ? `: ${e.output.split('\n')[0]}` : ''}`;
    case 'deploy':
      return `${e.outcome}${e.revision !== undefined ? ` (revision ${e.revision})` : ''}${e.message ? `: ${e.message.split('\n')[0]}` : ''}`;
  }
}

/** `TIME  NODE  SERVICE/COMPONENT  KIND  WHAT`, one event per line (a deploy of a whole service has no component). */
export function formatEvent(r: NodeEventRow, json: boolean): string {
  const e = r.event;
  if (json) return `${JSON.stringify({ node: r.node, ...e, at: e.at.toISOString() })}\n`;
  const where = e.component ? `${e.service}/${e.component}` : e.service;
  return `${e.at.toISOString()}  ${r.node}  ${where}  ${e.kind}  ${eventDetail(e)}\n`;
}

/** A node that could not send its events: one line for stderr. */
export function formatEventsFailure(f: NodeFailure): string {
  return `mcp: node ${f.node}: ${f.error.message.replace(/^node \S+: /, '')}\n`;
}
