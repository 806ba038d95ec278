import { type ServerWritableStream, type handleServerStreamingCall, status } from '@grpc/grpc-js';
import { toGrpcError } from '../mapping/error-status.mapping';
import { type CallGate, auditedGate } from './audited-call';

/**
 * A server-streaming RPC with the same gate as a unary one: authenticate,
 * authorise, run (writing messages as it goes), map a failure to a status
 * once, one audit line. Writes after the client went away are dropped.
 */
export function auditedServerStream<Req, Res>(
  method: string,
  gate: CallGate,
  run: (request: Req, write: (message: Res) => void) => Promise<void>,
): handleServerStreamingCall<Req, Res> {
  return (call: ServerWritableStream<Req, Res>) => {
    const audit = auditedGate(method, gate, call);
    const write = (message: Res): void => {
      if (!call.cancelled && call.writable) call.write(message);
    };
    (async () => {
      await audit.admit();
      await run(call.request, write);
    })().then(
      () => {
        audit.finish(status.OK);
        call.end();
      },
      (e: unknown) => {
        const error = toGrpcError(e);
        audit.finish(error.code ?? status.INTERNAL);
        call.emit('error', error);
      },
    );
  };
}
