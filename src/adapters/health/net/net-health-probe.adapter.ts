import type { HealthProbe, ProbeResult } from '../../../application/agent/ports/health-probe.port';
import { httpProbe } from './http-probe';
import { tcpProbe } from './tcp-probe';

/** HTTP and TCP checks with Node's own http/https/net, from the agent's host. */
export class NetHealthProbe implements HealthProbe {
  http(url: string, timeoutMs: number): Promise<ProbeResult> {
    return httpProbe(url, timeoutMs);
  }

  tcp(address: string, timeoutMs: number): Promise<ProbeResult> {
    return tcpProbe(address, timeoutMs);
  }
}
