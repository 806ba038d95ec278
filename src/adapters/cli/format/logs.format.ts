import type { ServiceLogLine } from '../../../application/shared/results/log-line';

export interface LogFormat {
  readonly node: string;
  /** Prefix lines with `[component]`. */
  readonly several: boolean;
  readonly timestamps: boolean;
  readonly json: boolean;
}

/**
 * Log lines as printed, a batch at a time: text as the container wrote it, with
 * `[component] ` when the service has several and the engine's time with
 * --timestamps; or (--json) one object per line `{node, component, stream,
 * time, line}`, time null when the engine gave none. One text per run of
 * lines bound for the same output (stdout or stderr; everything to stdout
 * with --json), in order.
 */
export function formatLogBatch(lines: readonly ServiceLogLine[], f: LogFormat): { readonly stream: 'stdout' | 'stderr'; readonly text: string }[] {
  const runs: { stream: 'stdout' | 'stderr'; text: string }[] = [];
  let i = 0;
  while (i < lines.length) {
    const stream = f.json ? 'stdout' : lines[i]!.stream;
    const texts: string[] = [];
    for (; i < lines.length && (f.json || lines[i]!.stream === stream); i++) texts.push(logText(lines[i]!, f));
    runs.push({ stream, text: `${texts.join('\n')}\n` });
  }
  return runs;
}

/** One line as printed, without its newline. */
function logText(l: ServiceLogLine, f: LogFormat): string {
  if (f.json) return JSON.stringify({ node: f.node, component: l.component, stream: l.stream, time: l.time?.toISOString() ?? null, line: l.line });
  if (!f.timestamps && !f.several) return l.line;
  const time = f.timestamps ? `${l.time?.toISOString() ?? '-'} ` : '';
  const who = f.several ? `[${l.component}] ` : '';
  return `${time}${who}${l.line}`;
}
