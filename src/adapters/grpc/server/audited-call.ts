import { type Metadata, type ServerUnaryCall, type handleUnaryCall, status } from '@grpc/grpc-js';
import type { AuthorizeCallUseCase } from '../../../application/agent/authorize-call.use-case';
import type { Logger } from '../../../application/shared/ports/logger.port';
import type { Identity } from '../../../domain/identity/identity';
import { toGrpcError } from '../mapping/error-status.mapping';

export interface CallGate {
  readonly authorize: AuthorizeCallUseCase;
  readonly audit: Logger;
}

export function bearer(metadata: Metadata): string | undefined {
  const value = metadata.get('authorization')[0];
  if (typeof value !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}

/**
 * Wraps one RPC: authenticate, authorise, run, map any failure to a status
 * once, and write exactly one audit line — refused calls included.
 */
export function auditedCall<Req, Res>(method: string, gate: CallGate, run: (request: Req, caller: Identity) => Promise<Res>): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback) => {
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
    (async () => {
      const identity = await gate.authorize.identify(bearer(call.metadata));
      caller = identity.username;
      gate.authorize.requireAdmin(identity);
      return run(call.request, identity);
    })().then(
      (response) => {
        finish(status.OK);
        callback(null, response);
      },
      (e: unknown) => {
        const error = toGrpcError(e);
        finish(error.code ?? status.INTERNAL);
        callback(error);
      },
    );
  };
}
