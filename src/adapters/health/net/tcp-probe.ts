import { connect } from 'node:net';
import type { ProbeResult } from '../../../application/agent/ports/health-probe.port';

/** `host:port` or `[v6]:port`, as the domain validated it. */
function split(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(i + 1)) };
}

/** A TCP connect from the node: connected = healthy; the socket is closed at once. */
export function tcpProbe(address: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const { host, port } = split(address);
    const socket = connect({ host, port });
    const finish = (r: ProbeResult): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, output: `connect ${address}: no answer within ${timeoutMs}ms` }), timeoutMs);
    socket.once('connect', () => finish({ ok: true, output: `connected to ${address}` }));
    socket.once('error', (e) => finish({ ok: false, output: `connect ${address}: ${e.message}` }));
  });
}
