import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, IsString, ValidateNested } from '../../support/validation/class-validator.lite';
import { ARGV, EACH_ARGV, type EnvKind, INTEGER, IsIntegerOrString, SECTION, STRING } from './config-dto.common';

export class AgentServerSection {
  @IsString(STRING) grpc_addr!: string;
  @IsString(STRING) tls_cert!: string;
  @IsString(STRING) tls_key!: string;
}

export class AgentDatabaseSection {
  @IsString(STRING) path!: string;
}

export class AgentMciasSection {
  @IsString(STRING) server_url!: string;
  @IsOptional() @IsString(STRING) ca_cert?: string;
  @IsOptional() @IsString(STRING) service_name?: string;
}

export class AgentAuthSection {
  @IsString(STRING) tokens_file!: string;
}

export class AgentAgentSection {
  @IsString(STRING) node_name!: string;
  @IsOptional() @IsString(STRING) container_runtime?: string;
  @IsOptional() @IsString(STRING) runtime_socket?: string;
  @IsOptional() @IsString(STRING) services_root?: string;
  @IsOptional() @IsString(STRING) backup_dir?: string;
  @IsOptional() @IsIntegerOrString() max_file_size?: number | string;
  @IsOptional() @IsString(STRING) settle_time?: string;
  @IsOptional() @IsInt(INTEGER) keep_revisions?: number;
  @IsOptional() @IsString(STRING) secret_key_file?: string;
}

export class AgentMonitorSection {
  @IsOptional() @IsString(STRING) interval?: string;
  @IsOptional() @IsArray(ARGV) @ArrayNotEmpty(ARGV) @IsString(EACH_ARGV) alert_command?: string[];
  @IsOptional() @IsString(STRING) alert_timeout?: string;
  @IsOptional() @IsString(STRING) cooldown?: string;
  @IsOptional() @IsInt(INTEGER) flap_threshold?: number;
  @IsOptional() @IsString(STRING) flap_window?: string;
  @IsOptional() @IsString(STRING) retention?: string;
}

export class AgentMetricsSection {
  @IsOptional() @IsString(STRING) listen?: string;
  @IsOptional() @IsString(STRING) token_file?: string;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export class AgentLogSection {
  @IsOptional() @IsIn(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` }) level?: string;
}

export class AgentConfigDto {
  @ValidateNested(SECTION) @Type(() => AgentServerSection) server!: AgentServerSection;
  @ValidateNested(SECTION) @Type(() => AgentDatabaseSection) database!: AgentDatabaseSection;
  @IsOptional() @ValidateNested(SECTION) @Type(() => AgentMciasSection) mcias?: AgentMciasSection;
  @IsOptional() @ValidateNested(SECTION) @Type(() => AgentAuthSection) auth?: AgentAuthSection;
  @ValidateNested(SECTION) @Type(() => AgentAgentSection) agent!: AgentAgentSection;
  @IsOptional() @ValidateNested(SECTION) @Type(() => AgentMonitorSection) monitor?: AgentMonitorSection;
  @IsOptional() @ValidateNested(SECTION) @Type(() => AgentLogSection) log?: AgentLogSection;
  @IsOptional() @ValidateNested(SECTION) @Type(() => AgentMetricsSection) metrics?: AgentMetricsSection;
}

/** The sections env overrides may reach, and the keys that are not plain strings. */
export const AGENT_SECTIONS = {
  server: AgentServerSection,
  database: AgentDatabaseSection,
  mcias: AgentMciasSection,
  auth: AgentAuthSection,
  agent: AgentAgentSection,
  monitor: AgentMonitorSection,
  log: AgentLogSection,
  metrics: AgentMetricsSection,
} as const;

export const AGENT_ENV_KINDS: Readonly<Record<string, EnvKind>> = {
  'agent.max_file_size': 'size',
  'monitor.alert_command': 'argv',
  'monitor.flap_threshold': 'integer',
  'agent.keep_revisions': 'integer',
};

/** Sections whose required keys should be reported one by one when the section is missing. */
export const AGENT_REQUIRED_SECTIONS = ['server', 'database', 'agent'] as const;
