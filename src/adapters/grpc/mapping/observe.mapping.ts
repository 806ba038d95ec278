import type { ServiceLogLine as ComponentLogLine } from '../../../application/shared/results/log-line';
import type { EventsBatch } from '../../../application/shared/results/events-batch';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { DEPLOY_OUTCOMES, type DeployOutcome, type NodeEvent } from '../../../domain/events/transition-event';
import { HEALTH_STATES, type Health } from '../../../domain/state/health';
import { OBSERVED_STATES, type ObservedState } from '../../../domain/state/states';
import * as pb from '../generated/mcp/v1/mcp';

export function logLineToWire(l: ComponentLogLine): pb.StreamLogsResponse {
  return { component: l.component, stream: l.stream === 'stderr' ? pb.LogStream.LOG_STREAM_STDERR : pb.LogStream.LOG_STREAM_STDOUT, time: l.time, line: l.line, batches: [] };
}

export function logLineFromWire(l: pb.StreamLogsResponse): ComponentLogLine {
  return { component: l.component, stream: l.stream === pb.LogStream.LOG_STREAM_STDERR ? 'stderr' : 'stdout', ...(l.time ? { time: l.time } : {}), line: l.line };
}

/** Lines as one message of runs (consecutive lines of one component and stream), for a client that asked for batches. */
export function logBatchToWire(lines: readonly ComponentLogLine[]): pb.StreamLogsResponse {
  const batches: pb.LogBatch[] = [];
  let i = 0;
  while (i < lines.length) {
    const { component, stream } = lines[i]!;
    const text: string[] = [];
    const timesMs: number[] = [];
    for (; i < lines.length && lines[i]!.component === component && lines[i]!.stream === stream; i++) {
      text.push(lines[i]!.line);
      timesMs.push(lines[i]!.time?.getTime() ?? 0);
    }
    batches.push({ component, stream: stream === 'stderr' ? pb.LogStream.LOG_STREAM_STDERR : pb.LogStream.LOG_STREAM_STDOUT, text: text.join('\n'), timesMs });
  }
  return { component: '', stream: pb.LogStream.LOG_STREAM_UNSPECIFIED, time: undefined, line: '', batches };
}

/** The lines of one message: its batches, or the single line an agent that predates batches sends. */
export function logLinesFromWire(m: pb.StreamLogsResponse): ComponentLogLine[] {
  if (m.batches.length === 0) return [logLineFromWire(m)];
  const out: ComponentLogLine[] = [];
  for (const b of m.batches) {
    const stream = b.stream === pb.LogStream.LOG_STREAM_STDERR ? 'stderr' : 'stdout';
    const text = b.text.split('\n');
    for (let i = 0; i < text.length; i++) {
      const ms = b.timesMs[i] ?? 0;
      out.push(ms !== 0 ? { component: b.component, stream, time: new Date(ms), line: text[i]! } : { component: b.component, stream, line: text[i]! });
    }
  }
  return out;
}

export function nodeEventToWire(e: NodeEvent): pb.NodeEvent {
  const base = { kind: e.kind, service: e.service, component: e.component, at: e.at, from: '', to: '', outcome: '', message: '', revision: 0, output: '' };
  switch (e.kind) {
    case 'transition':
      return { ...base, from: e.from, to: e.to };
    case 'health':
      return { ...base, from: e.from, to: e.to, output: e.output };
    case 'deploy':
      return { ...base, outcome: e.outcome, message: e.message, revision: e.revision ?? 0 };
  }
}

export function eventsBatchToWire(b: EventsBatch): pb.StreamEventsResponse {
  return { events: b.events.map(nodeEventToWire), caughtUp: b.caughtUp === true };
}

export function eventsBatchFromWire(c: pb.StreamEventsResponse): EventsBatch {
  return { events: c.events.map(nodeEventFromWire), ...(c.caughtUp ? { caughtUp: true } : {}) };
}

function oneOf<T extends string>(list: readonly T[], value: string, what: string): T {
  if ((list as readonly string[]).includes(value)) return value as T;
  throw new DomainError(ErrorCode.Internal, `the agent sent an event with an unknown ${what} ${JSON.stringify(value)}`);
}

export function nodeEventFromWire(e: pb.NodeEvent): NodeEvent {
  const at = e.at ?? new Date(0);
  const where = { service: e.service, component: e.component, at };
  switch (e.kind) {
    case 'transition':
      return { kind: 'transition', ...where, from: oneOf<ObservedState>(OBSERVED_STATES, e.from, 'state'), to: oneOf<ObservedState>(OBSERVED_STATES, e.to, 'state') };
    case 'health':
      return { kind: 'health', ...where, from: oneOf<Health>(HEALTH_STATES, e.from, 'health'), to: oneOf<Health>(HEALTH_STATES, e.to, 'health'), output: e.output };
    case 'deploy':
      return { kind: 'deploy', ...where, outcome: oneOf<DeployOutcome>(DEPLOY_OUTCOMES, e.outcome, 'deploy outcome'), message: e.message, ...(e.revision ? { revision: e.revision } : {}) };
    default:
      throw new DomainError(ErrorCode.Internal, `the agent sent an event of unknown kind ${JSON.stringify(e.kind)}`);
  }
}
