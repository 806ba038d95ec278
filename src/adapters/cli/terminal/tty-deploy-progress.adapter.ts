import type { DeployProgress } from '../../../application/operator/ports/operator.ports';
import type { DeployStep } from '../../../application/shared/results/deploy-step';
import { stepLine } from '../format/deploy.format';

// Move up n lines; clear the line.
const UP = (n: number): string => `\x1b[${n}A`;
const CLEAR = '\r\x1b[2K';

/**
 * Live deploy progress. On a terminal: one line per component, rewritten in
 * place as its steps arrive. Elsewhere (a pipe, a log): one line per step.
 * Silent when disabled (--json prints the final result only).
 */
export class TtyDeployProgress implements DeployProgress {
  private readonly lines = new Map<string, string>();
  private drawn = 0;

  constructor(
    private readonly out: { write(s: string): void; readonly isTTY?: boolean },
    private readonly enabled: boolean,
  ) {}

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  started(node: string, service: string, components: readonly string[]): void {
    if (!this.enabled) return;
    this.lines.clear();
    this.drawn = 0;
    if (components.length === 0) {
      this.out.write(`… ${service} on ${node}: deploying the recorded spec\n`);
      return;
    }
    if (!this.tty) return;
    for (const c of components) this.lines.set(c, `${service}/${c} on ${node}: waiting to start`);
    this.redraw();
  }

  step(node: string, service: string, step: DeployStep): void {
    if (!this.enabled) return;
    const line = stepLine(node, service, step);
    if (!this.tty) {
      this.out.write(`${line}\n`);
      return;
    }
    this.lines.set(step.component, line);
    this.redraw();
  }

  finished(): void {
    this.lines.clear();
    this.drawn = 0;
  }

  private redraw(): void {
    const text = [...this.lines.values()].map((l) => `${CLEAR}${l}\n`).join('');
    this.out.write(`${this.drawn > 0 ? UP(this.drawn) : ''}${text}`);
    this.drawn = this.lines.size;
  }
}
