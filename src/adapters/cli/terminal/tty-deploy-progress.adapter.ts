import type { DeployProgress } from '../../../application/operator/ports/operator.ports';

/**
 * A line per component as a deploy starts. Deploy is one RPC (the agent
 * records the spec, pulls every image, then replaces containers), so the
 * per-component results follow when it answers. Silent when stdout is not a
 * terminal or --json was asked for.
 */
export class TtyDeployProgress implements DeployProgress {
  constructor(private readonly out: { write(s: string): void; readonly isTTY?: boolean }, private readonly enabled: boolean) {}

  started(node: string, service: string, components: readonly string[]): void {
    if (!this.enabled || this.out.isTTY !== true) return;
    if (components.length === 0) {
      this.out.write(`… ${service} on ${node}: deploying the recorded spec\n`);
      return;
    }
    for (const c of components) this.out.write(`… ${service}/${c} on ${node}: pull, replace, inspect\n`);
  }
}
