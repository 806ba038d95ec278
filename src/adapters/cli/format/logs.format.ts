import type { ServiceLogLine } from '../../../application/shared/results/log-line';

export interface LogFormat {
  readonly node: string;
  /** Prefix lines with `[component]`. */
  readonly several: boolean;
  readonly timestamps: boolean;
  readonly json: boolean;
}

/**
 * One log line as printed: text as the container wrote it, with
 * `[component] ` when the service has several and the engine's time with
 * --timestamps; or (--json) one object per line `{node, component, stream,
 * time, line}`, time null when the engine gave none.
 */
export function formatLogLine(l: ServiceLogLine, f: LogFormat): string {
  if (f.json) return `${JSON.stringify({ node: f.node, component: l.component, stream: l.stream, time: l.time?.toISOString() ?? null, line: l.line })}\n`;
  const time = f.timestamps ? `${l.time?.toISOString() ?? '-'} ` : '';
  const who = f.several ? `[${l.component}] ` : '';
  return `${time}${who}${l.line}\n`;
}
