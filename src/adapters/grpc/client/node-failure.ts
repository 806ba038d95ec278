import { type ServiceError, status } from '@grpc/grpc-js';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { durationText } from '../../../domain/time/duration';
import { ERROR_CODE_KEY, fromGrpcError } from '../mapping/error-status.mapping';
import type { ConnectionProgress } from './tracked-tls';

const WAITING: Readonly<Record<ConnectionProgress, string>> = {
  connecting: 'no TCP connection',
  tls: 'connected, but the TLS handshake got no answer',
  connected: 'connected, but no answer',
};

/** The node kept a call waiting past node_timeout. */
export function timedOut(node: string, ms: number, progress: ConnectionProgress): DomainError {
  return new DomainError(ErrorCode.NodeUnavailable, `node ${node} unavailable: timed out after ${durationText(ms)} (${WAITING[progress]})`);
}

/** errno codes of a failed TCP connect, as grpc-js quotes them ("Last error: Error: connect ECONNREFUSED …"). */
const CONNECT_ERRORS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ECONNREFUSED/, 'connection refused'],
  [/EHOSTUNREACH/, 'no route to host'],
  [/ENETUNREACH/, 'network unreachable'],
  [/ECONNRESET|socket hang up/i, 'connection reset'],
  [/ETIMEDOUT/, 'TCP connect timed out'],
];

/**
 * A gRPC failure as the operator should read it. A status the agent sent
 * keeps its words (fromGrpcError); one the channel made up is said in words
 * of the cause — connection refused, TLS: <why>, cannot resolve — instead of
 * grpc-js's internal text ("No connection established. Last error: …").
 */
export function nodeFailure(e: unknown, node: string, address: string, tlsError: Error | undefined): DomainError {
  const err = e as Partial<ServiceError>;
  if (typeof err?.code !== 'number') return fromGrpcError(e, node);
  if (err.code === status.UNAUTHENTICATED) return new DomainError(ErrorCode.Unauthenticated, `node ${node}: token refused: ${err.details || 'no detail'}`);
  const fromAgent = (err.metadata?.get(ERROR_CODE_KEY).length ?? 0) > 0;
  if (fromAgent || err.code !== status.UNAVAILABLE) return fromGrpcError(e, node);
  const text = `${err.details ?? ''} ${err.message ?? ''}`;
  const unavailable = (why: string) => new DomainError(ErrorCode.NodeUnavailable, `node ${node} unavailable: ${why}`);
  if (tlsError) return unavailable(`TLS: ${tlsError.message}`);
  const connect = CONNECT_ERRORS.find(([pattern]) => pattern.test(text));
  if (connect) return unavailable(`${connect[1]} (${address})`);
  if (/Name resolution failed|ENOTFOUND|EAI_AGAIN/.test(text)) return unavailable(`cannot resolve the host of ${address}`);
  return fromGrpcError(e, node);
}
