import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { containerName } from '../../../domain/names/container-name';
import { assertValidName } from '../../../domain/names/name.value';
import { specOf } from '../../../domain/service/service-record';
import { findComponent } from '../../../domain/service/service-spec';
import type { ServiceLogLine } from '../../shared/results/log-line';
import type { ContainerLogs, LogLine } from '../ports/container-logs.port';
import type { ContainerRuntime } from '../ports/container-runtime.port';
import type { Registry } from '../ports/registry.port';
import { mergeAsync } from '../../shared/support/merge-async';

export interface StreamLogsInput {
  readonly service: string;
  readonly component?: string;
  /** Lines per component before following; absent: all the engine kept. */
  readonly tail?: number;
  readonly since?: Date;
  readonly follow: boolean;
  /** Aborted when the client goes away: ends every engine log process. */
  readonly signal?: AbortSignal;
}

export type ComponentLogLine = ServiceLogLine;

async function collect<T>(source: AsyncIterable<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of source) for (const item of batch) out.push(item);
  return out;
}

/**
 * Written out, not `{ ...line, component }`: V8 builds a spread object the
 * slow way, and at hundreds of thousands of lines that alone made the
 * agent's memory grow by 40 MB while streaming a big log.
 */
function withComponent(l: LogLine, component: string): ComponentLogLine {
  return l.time ? { component, stream: l.stream, time: l.time, line: l.line } : { component, stream: l.stream, line: l.line };
}

/** Lines sent at a time once sorted: about what one read of an engine's pipe gives. */
export const SORTED_BATCH = 1000;

/**
 * Lines of several components in the order the engine recorded them; a line
 * without a time keeps its place after the line before it in its component,
 * and equal times keep component order. A stable sort on a total key.
 */
export function byTime(batches: readonly (readonly ComponentLogLine[])[]): ComponentLogLine[] {
  const keyed = batches.flatMap((lines, component) => {
    let last = Number.NEGATIVE_INFINITY;
    return lines.map((line, i) => {
      last = line.time?.getTime() ?? last;
      return { line, at: last, component, i };
    });
  });
  keyed.sort((a, b) => a.at - b.at || a.component - b.component || a.i - b.i);
  return keyed.map((k) => k.line);
}

/** A whole service at -n 100 is a few thousand lines at most; more than this is refused rather than held in memory. */
export const MAX_TAIL = 100_000;

/**
 * `mcp logs`: the output of a service's containers (or one component's).
 *
 * Without follow, lines of several components are sorted by the time the
 * engine recorded them (lines without a time keep their order). With follow
 * they are interleaved as they come. A followed container that stops ends
 * its part of the stream normally; one that was removed ends it with
 * CONTAINER_NOT_FOUND, so the operator learns why the stream stopped.
 */
export class StreamLogsUseCase {
  constructor(
    private readonly registry: Pick<Registry, 'getService'>,
    private readonly logs: ContainerLogs,
    private readonly runtime: Pick<ContainerRuntime, 'inspect'>,
  ) {}

  /** Batches of lines, never empty; each is what the engine gave in one read (or SORTED_BATCH lines once sorted). */
  async *stream(input: StreamLogsInput): AsyncGenerator<readonly ComponentLogLine[]> {
    const service = assertValidName('service', input.service);
    if (input.tail !== undefined && (!Number.isInteger(input.tail) || input.tail < 0 || input.tail > MAX_TAIL)) {
      throw new DomainError(ErrorCode.InvalidArgument, `tail ${input.tail}: use a whole number from 0 to ${MAX_TAIL}`);
    }
    const record = await this.registry.getService(service);
    if (!record) throw new DomainError(ErrorCode.ServiceNotFound, `service ${service} not found`);
    const spec = specOf(record);
    const components = input.component !== undefined ? [findComponent(spec, assertValidName('component', input.component)).name] : spec.components.map((c) => c.name);
    const sources = components.map((component) => this.ofComponent(service, component, input));
    if (input.follow || sources.length === 1) {
      yield* sources.length === 1 ? sources[0]! : mergeAsync(sources);
      return;
    }
    const sorted = byTime(await Promise.all(sources.map(collect)));
    for (let i = 0; i < sorted.length; i += SORTED_BATCH) yield sorted.slice(i, i + SORTED_BATCH);
  }

  private async *ofComponent(service: string, component: string, input: StreamLogsInput): AsyncGenerator<readonly ComponentLogLine[]> {
    const container = containerName(service, component);
    const query = { follow: input.follow, ...(input.tail !== undefined ? { tail: input.tail } : {}), ...(input.since ? { since: input.since } : {}), ...(input.signal ? { signal: input.signal } : {}) };
    for await (const batch of this.logs.logs(container, query)) yield batch.map((l) => withComponent(l, component));
    if (input.follow && !input.signal?.aborted && (await this.runtime.inspect([container])).length === 0) {
      throw new DomainError(ErrorCode.ContainerNotFound, `container ${container} was removed while its logs were followed`);
    }
  }
}
