import { messageOf } from '../../../domain/errors/domain-error';
import { type HealthCheck, clipProbeOutput } from '../../../domain/health/health-check';
import type { ContainerExec } from '../ports/container-exec.port';
import type { HealthProbe, ProbeResult } from '../ports/health-probe.port';

export interface ProbePorts {
  readonly probe: HealthProbe;
  readonly exec: ContainerExec;
}

/** One probe of one check; http/tcp from the node, cmd inside the container. Never rejects. */
export async function runProbe(ports: ProbePorts, check: HealthCheck, container: string): Promise<ProbeResult> {
  const t = check.target;
  try {
    switch (t.kind) {
      case 'http':
        return clip(await ports.probe.http(t.url, check.timeoutMs));
      case 'tcp':
        return clip(await ports.probe.tcp(t.address, check.timeoutMs));
      case 'cmd': {
        const r = await ports.exec.exec(container, t.argv, { timeoutMs: check.timeoutMs });
        const output = r.output.trim();
        return clip({ ok: r.exitCode === 0, output: r.exitCode === 0 ? output : `exit code ${r.exitCode}${output ? `: ${output}` : ''}` });
      }
    }
  } catch (e) {
    return { ok: false, output: clipProbeOutput(messageOf(e)) };
  }
}

function clip(r: ProbeResult): ProbeResult {
  return { ok: r.ok, output: clipProbeOutput(r.output) };
}
