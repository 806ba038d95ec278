import type { ContainerExec, ExecResult } from '../../src/application/agent/ports/container-exec.port';
import type { ContainerLogs, LogLine, LogQuery } from '../../src/application/agent/ports/container-logs.port';

/**
 * Logs and exec answered from a script, for use-case tests that need a
 * particular probe output or log tail (the FakeRuntime's own logs/exec
 * model a container; this one models a test's intent).
 */
export class ScriptedContainerOutput implements ContainerLogs, ContainerExec {
  readonly logLines = new Map<string, string[]>();
  readonly execs: string[] = [];
  /** Answers `exec` by container and try number (1-based); default exit 0. */
  execAnswer: (container: string, n: number) => ExecResult = () => ({ exitCode: 0, output: '' });
  private readonly counts = new Map<string, number>();

  async *logs(container: string, query: LogQuery): AsyncIterable<readonly LogLine[]> {
    const lines = this.logLines.get(container) ?? [];
    const kept = query.tail !== undefined ? lines.slice(-query.tail) : lines;
    if (kept.length > 0) yield kept.map((line) => ({ stream: 'stdout', line }));
  }

  async exec(container: string, argv: readonly string[]): Promise<ExecResult> {
    this.execs.push(`${container}: ${argv.join(' ')}`);
    const n = (this.counts.get(container) ?? 0) + 1;
    this.counts.set(container, n);
    return this.execAnswer(container, n);
  }
}
