/** What `mcp` reads from its config file, after env overrides, defaults and `~` expansion. */
export interface CliConfig {
  /** The file it was loaded from (node add/remove edit it). */
  readonly path: string;
  readonly services: { readonly dir: string };
  readonly auth: { readonly tokenPath: string; readonly username?: string; readonly passwordFile?: string };
  readonly mcias?: MciasSettings;
  readonly tls: { readonly caCert?: string };
  /** `[cli]`: a node that keeps a call waiting longer than nodeTimeoutMs is an error row; at most `parallel` nodes are asked at once. */
  readonly cli: { readonly nodeTimeoutMs: number; readonly parallel: number };
  readonly nodes: readonly NodeEntry[];
}

export interface NodeEntry {
  readonly name: string;
  /** host:port of the node's agent. */
  readonly address: string;
}

export interface MciasSettings {
  readonly serverUrl: string;
  readonly caCert?: string;
  readonly serviceName: string;
}

export const CONTAINER_RUNTIMES = ['podman', 'docker'] as const;
export type ContainerRuntimeKind = (typeof CONTAINER_RUNTIMES)[number];

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Exactly one source of identity: an MCIAS server, or a local tokens file. */
export type AgentIdentityConfig = ({ readonly kind: 'mcias' } & MciasSettings) | { readonly kind: 'tokens-file'; readonly tokensFile: string };

export interface AgentConfig {
  readonly path: string;
  readonly server: { readonly grpcAddr: string; readonly tlsCert: string; readonly tlsKey: string };
  readonly database: { readonly path: string };
  readonly identity: AgentIdentityConfig;
  readonly agent: {
    readonly nodeName: string;
    readonly containerRuntime: ContainerRuntimeKind;
    /** The Docker Engine API socket; only with containerRuntime "docker". */
    readonly runtimeSocket?: string;
    readonly servicesRoot: string;
    readonly backupDir: string;
    readonly maxFileSize: number;
    /** A component without a health check must still run this long after it started. */
    readonly settleTimeMs: number;
    /** How many numbered revisions of each service the registry keeps. */
    readonly keepRevisions: number;
    /** The AES-256 key of the secret store (0600, made on first use); default beside the database. */
    readonly secretKeyFile: string;
  };
  readonly monitor: {
    readonly intervalMs: number;
    /** argv, run without a shell; absent: alerts are only logged. */
    readonly alertCommand?: readonly string[];
    readonly alertTimeoutMs: number;
    readonly cooldownMs: number;
    readonly flapThreshold: number;
    readonly flapWindowMs: number;
    readonly retentionMs: number;
  };
  readonly log: { readonly level: LogLevel };
  /** Absent: no /metrics endpoint (`[metrics] listen = ""`). */
  readonly metrics?: MetricsConfig;
}

export interface MetricsConfig {
  /** host:port of the /metrics HTTP endpoint. */
  readonly listen: string;
  /** A bearer token scrapers must send; required unless `listen` is loopback. */
  readonly tokenFile?: string;
}
