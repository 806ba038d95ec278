import { type Metadata, type ServerUnaryCall, type handleUnaryCall, status } from '@grpc/grpc-js';
import type { AuthorizeCallUseCase } from '../../../application/agent/authorize-call.use-case';
import type { Caller } from '../../../application/agent/access/caller';
import type { RpcMethod } from '../../../application/agent/access/rpc-access.table';
import type { Metrics } from '../../../application/agent/ports/metrics.port';
import type { Logger } from '../../../application/shared/ports/logger.port';
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

/**
 * The services a request names, whatever its shape: `service`,
 * `serviceName`, a `spec`, or a list of specs (sync). Read off the request
 * itself, so the access table needs no second table of request fields.
 */
export function servicesNamedBy(request: unknown): string[] {
  const r = (request ?? {}) as { service?: unknown; serviceName?: unknown; spec?: { name?: unknown }; services?: unknown };
  const names: unknown[] = [r.service, r.serviceName, r.spec?.name];
  if (Array.isArray(r.services)) names.push(...r.services.map((s: { name?: unknown }) => s?.name));
  return [...new Set(names.filter((n): n is string => typeof n === 'string' && n !== ''))];
}

/** One call's audit line and metrics, written exactly once whatever happens. */
export interface CallAudit {
  /** Authenticates and authorises (RPC_ACCESS); user, role and service go into the audit line, refused or not. */
  admit(metadata: Metadata, request: unknown): Promise<Caller>;
  finish(code: status): void;
}

export function callAudit(method: RpcMethod, gate: CallGate, peer: string): CallAudit {
  const started = process.hrtime.bigint();
  let user = 'anonymous';
  let role = '';
  let service = '';
  let finished = false;
  return {
    async admit(metadata, request) {
      const services = servicesNamedBy(request);
      service = services.join(',');
      const identity = await gate.authorize.identify(bearer(metadata));
      user = identity.username;
      role = identity.roles.join(',');
      const caller = gate.authorize.authorize(identity, method, services);
      role = caller.role;
      return caller;
    },
    finish(code) {
      if (finished) return;
      finished = true;
      const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
      // No user label on the metric: users are unbounded, the audit line has them.
      gate.audit.info('rpc', { audit: true, method, user, role, service, peer, code: status[code], durationMs });
      gate.metrics?.rpcFinished(method, status[code], durationMs / 1000);
    },
  };
}

/** Writes the audit line of a refusal inside an admitted call (a sync that leaves out a service outside the caller's scope). */
export type RefusalAudit = (service: string, why: string) => void;

/**
 * Wraps one RPC: authenticate, authorise (RPC_ACCESS), run, map any failure to a status
 * once, and write exactly one audit line — refused calls included — plus one
 * per service the call refused while it ran.
 */
export function auditedCall<Req, Res>(
  method: RpcMethod,
  gate: CallGate,
  run: (request: Req, caller: Caller, refused: RefusalAudit) => Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback) => {
    const peer = call.getPeer();
    const audit = callAudit(method, gate, peer);
    (async () => {
      const caller = await audit.admit(call.metadata, call.request);
      const refused: RefusalAudit = (service, why) =>
        gate.audit.info('rpc', { audit: true, method, user: caller.user, role: caller.role, service, peer, code: status[status.PERMISSION_DENIED], refused: why });
      return run(call.request, caller, refused);
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
