/** One line a service's container wrote, with the component it belongs to (what `mcp logs` receives). */
export interface ServiceLogLine {
  readonly component: string;
  readonly stream: 'stdout' | 'stderr';
  /** When the engine recorded it; absent when the engine gives no time. */
  readonly time?: Date;
  readonly line: string;
}
