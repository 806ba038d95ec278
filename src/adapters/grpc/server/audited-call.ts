import { type Metadata, type ServerUnaryCall, type handleUnaryCall, status } from '@grpc/grpc-js';
import type { AuthorizeCallUseCase } from '../../../application/agent/authorize-call.use-case';
import type { Metrics } from '../../../application/agent/ports/metrics.port';
import type { Logger } from '../../../application/shared/ports/logger.port';
import type { Identity } from '../../../domain/identity/identity';
import { toGrpcError } from '../mapping/error-status.mapping';

export interface CallGate {
  readonly authorize: AuthorizeCallUseCase;
  readonly audit: Logger;
  /** Counts and times every call (absent: nothing is counted). */
  readonly metrics?: Pick<Metrics, 'rpcFinished'>;
  /** Aborted when the agent shuts down: streams that would never end by themselves end then. */
  readonly shutdown?: AbortSignal;
}

function bearer(metadata: Metadata): string | undefined {
  const value = metadata.get('authorization')[0];
  if (typeof value !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}

/** One call's audit line and metrics, written exactly once whatever happens. */
export interface CallAudit {
  /** Authenticates and requires the admin role; the caller's name goes into the audit line. */
  admit(metadata: Metadata): Promise<Identity>;
  finish(code: status): void;
}

export function callAudit(method: string, gate: CallGate, peer: string): CallAudit {
  const started = process.hrtime.bigint();
  let caller = 'anonymous';
  let finished = false;
  return {
    async admit(metadata) {
      const identity = await gate.authorize.identify(bearer(metadata));
      caller = identity.username;
      gate.authorize.requireAdmin(identity);
      return identity;
    },
    finish(code) {
      if (finished) return;
      finished = true;
      const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
      gate.audit.info('rpc', { audit: true, method, caller, peer, code: status[code], durationMs });
      gate.metrics?.rpcFinished(method, status[code], durationMs / 1000);
    },
  };
}

/**
 * Wraps one RPC: authenticate, authorise, run, map any failure to a status
 * once, and write exactly one audit line — refused calls included.
 */
export function auditedCall<Req, Res>(method: string, gate: CallGate, run: (request: Req, caller: Identity) => Promise<Res>): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback) => {
    const audit = callAudit(method, gate, call.getPeer());
    (async () => {
      return run(call.request, await audit.admit(call.metadata));
    })().then(
      (response) => {
        audit.finish(status.OK);
        callback(null, response);
      },
      (e: unknown) => {
        const error = toGrpcError(e);
        audit.finish(error.code ?? status.INTERNAL);
        callback(error);
      },
    );
  };
}
