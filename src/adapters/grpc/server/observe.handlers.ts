import type { WatchEventsUseCase } from '../../../application/agent/events/watch-events.use-case';
import type { StreamLogsUseCase } from '../../../application/agent/logs/stream-logs.use-case';
import type { AgentServiceServer } from '../generated/mcp/v1/mcp';
import { eventsBatchToWire, logBatchToWire, logLineToWire } from '../mapping/observe.mapping';
import { scopedEvents } from '../../../application/agent/access/scoped-answers';
import type { CallGate } from './audited-call';
import { streamedCall } from './streamed-call';

/** The use cases behind the streaming RPCs (issue 13). */
export interface ObserveUseCases {
  readonly logs: StreamLogsUseCase;
  readonly events: WatchEventsUseCase;
}

async function* mapped<A, B>(source: AsyncIterable<A>, f: (a: A) => B): AsyncGenerator<B> {
  for await (const a of source) yield f(a);
}

/** A message per line, for a client from before batches (StreamLogsRequest.batched unset). */
async function* oneLineEach<A, B>(source: AsyncIterable<readonly A[]>, f: (a: A) => B): AsyncGenerator<B> {
  for await (const batch of source) for (const a of batch) yield f(a);
}

export function observeHandlers(uc: ObserveUseCases, gate: CallGate): Pick<AgentServiceServer, 'streamLogs' | 'streamEvents'> {
  return {
    streamLogs: streamedCall('StreamLogs', gate, (r, signal) => {
      const batches = uc.logs.stream({
        service: r.service,
        ...(r.component ? { component: r.component } : {}),
        ...(r.tail !== undefined ? { tail: r.tail } : {}),
        ...(r.since ? { since: r.since } : {}),
        follow: r.follow,
        signal,
      });
      return r.batched ? mapped(batches, logBatchToWire) : oneLineEach(batches, logLineToWire);
    }),
    streamEvents: streamedCall('StreamEvents', gate, (r, signal, caller) =>
      mapped(scopedEvents(uc.events.stream({ ...(r.service ? { service: r.service } : {}), ...(r.since ? { since: r.since } : {}), follow: r.follow, signal }), caller), eventsBatchToWire),
    ),
  };
}
