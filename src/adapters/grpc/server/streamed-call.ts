import { Metadata, type ServerWritableStream, type handleServerStreamingCall, status } from '@grpc/grpc-js';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import type { Caller } from '../../../application/agent/access/caller';
import type { RpcMethod } from '../../../application/agent/access/rpc-access.table';
import { toGrpcError } from '../mapping/error-status.mapping';
import { type CallGate, callAudit } from './audited-call';

/**
 * A server-streaming RPC over an async iterable: same gate and audit as a
 * unary call (one audit line, when the stream ends). Backpressure is real:
 * the next item is pulled only once the previous one left, so a slow client
 * slows its source instead of filling the agent's memory. When the client
 * goes away (cancel, Ctrl-C, a dropped connection) `signal` aborts, which
 * ends the source and whatever the engine ran for it. When the agent shuts
 * down (`gate.shutdown` aborts) a follow would otherwise hold the server's
 * drain open forever: it ends at once with UNAVAILABLE instead.
 */
export function streamedCall<Req, Res>(method: RpcMethod, gate: CallGate, run: (request: Req, signal: AbortSignal, caller: Caller) => AsyncIterable<Res>): handleServerStreamingCall<Req, Res> {
  return (call: ServerWritableStream<Req, Res>) => {
    const audit = callAudit(method, gate, call.getPeer());
    const controller = new AbortController();
    let shuttingDown = false;
    const gone = () => controller.abort();
    const shutdown = () => {
      shuttingDown = true;
      controller.abort();
    };
    call.on('cancelled', gone);
    call.on('close', gone);
    if (gate.shutdown?.aborted) shutdown();
    gate.shutdown?.addEventListener('abort', shutdown);
    const unavailable = () => {
      audit.finish(status.UNAVAILABLE);
      call.emit('error', toGrpcError(new DomainError(ErrorCode.NodeUnavailable, 'the agent is shutting down; run the command again once it is back')));
    };
    const wrote = (message: Res): Promise<void> =>
      call.write(message)
        ? Promise.resolve()
        : new Promise((resolve) => {
            const done = () => {
              call.off('drain', done);
              controller.signal.removeEventListener('abort', done);
              resolve();
            };
            call.on('drain', done);
            controller.signal.addEventListener('abort', done);
          });
    (async () => {
      const caller = await audit.admit(call.metadata, call.request);
      // Headers now, before the first message: the CLI counts them as the
      // call's first answer, so a quiet `logs -f` is not taken for a hung node.
      call.sendMetadata(new Metadata());
      for await (const message of run(call.request, controller.signal, caller)) {
        if (controller.signal.aborted) break;
        await wrote(message);
      }
    })()
      .finally(() => gate.shutdown?.removeEventListener('abort', shutdown))
      .then(
        () => {
          if (shuttingDown && !call.cancelled) return unavailable();
          audit.finish(controller.signal.aborted ? status.CANCELLED : status.OK);
          if (!controller.signal.aborted) call.end();
        },
        (e: unknown) => {
          if (shuttingDown && !call.cancelled) return unavailable();
          if (controller.signal.aborted) return audit.finish(status.CANCELLED);
          const error = toGrpcError(e);
          audit.finish(error.code ?? status.INTERNAL);
          call.emit('error', error);
        },
      );
  };
}
