import { type ServerWritableStream, type handleServerStreamingCall, status } from '@grpc/grpc-js';
import type { Identity } from '../../../domain/identity/identity';
import { toGrpcError } from '../mapping/error-status.mapping';
import { type CallGate, bearer } from './audited-call';

/**
 * A server-streaming RPC with the same gate as a unary one: authenticate,
 * authorise, run (writing messages as it goes), map a failure to a status
 * once, one audit line. Writes after the client went away are dropped.
 */
export function auditedServerStream<Req, Res>(
  method: string,
  gate: CallGate,
  run: (request: Req, write: (message: Res) => void, caller: Identity) => Promise<void>,
): handleServerStreamingCall<Req, Res> {
  return (call: ServerWritableStream<Req, Res>) => {
    const started = process.hrtime.bigint();
    let caller = 'anonymous';
    const finish = (code: status) =>
      gate.audit.info('rpc', {
        audit: true,
        method,
        caller,
        peer: call.getPeer(),
        code: status[code],
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      });
    const write = (message: Res): void => {
      if (!call.cancelled && call.writable) call.write(message);
    };
    (async () => {
      const identity = await gate.authorize.identify(bearer(call.metadata));
      caller = identity.username;
      gate.authorize.requireAdmin(identity);
      await run(call.request, write, identity);
    })().then(
      () => {
        finish(status.OK);
        call.end();
      },
      (e: unknown) => {
        const error = toGrpcError(e);
        finish(error.code ?? status.INTERNAL);
        call.emit('error', error);
      },
    );
  };
}
