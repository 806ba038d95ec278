import { isIP } from 'node:net';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
  readonly loopback: boolean;
}

export const DEFAULT_LISTEN = '127.0.0.1:9446';

/** `host:port` or `[v6]:port`; port 0 asks the system for a free one. */
export function parseListen(text: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const host = m?.[1] ?? m?.[2];
  const port = m ? Number(m[3]) : NaN;
  if (!m || host === undefined || port > 65535) throw new DomainError(ErrorCode.InvalidArgument, `--listen "${text}": expected host:port, e.g. ${DEFAULT_LISTEN}`);
  return { host, port, loopback: isLoopback(host) };
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Anything but loopback is reachable by others: it is refused unless the page is served over TLS. */
export function checkExposure(listen: ListenAddress, tls: { cert?: string; key?: string }): void {
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new DomainError(ErrorCode.InvalidArgument, '--tls-cert and --tls-key go together: give both or neither');
  }
  if (!listen.loopback && tls.cert === undefined) {
    throw new DomainError(ErrorCode.InvalidArgument, `--listen ${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${listen.port} is not loopback: the dashboard is then reachable by others, so it needs --tls-cert and --tls-key`);
  }
}
