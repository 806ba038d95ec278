/** The few configuration values the agent's use cases need, free of any file format. */
export interface AgentSettings {
  readonly nodeName: string;
  readonly maxFileSize: number;
  /** `[agent] keep_revisions`: numbered revisions kept per service (≥ 1). */
  readonly keepRevisions: number;
  readonly monitor: MonitorSettings;
  /** `[agent] settle_time`: a component without a check must still run this long after it started. */
  readonly settleTimeMs?: number;
}

export const DEFAULT_SETTLE_TIME_MS = 3_000;

export interface MonitorSettings {
  readonly intervalMs: number;
  readonly cooldownMs: number;
  readonly flapThreshold: number;
  readonly flapWindowMs: number;
  readonly retentionMs: number;
}
export const AGENT_SETTINGS = Symbol.for('mcp.AgentSettings');
