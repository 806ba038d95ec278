import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, ValidateNested } from '../../support/validation/class-validator.lite';
import { type EnvKind, INTEGER, SECTION, STRING } from './config-dto.common';

export class CliServicesSection {
  @IsOptional() @IsString(STRING) dir?: string;
}

export class CliAuthSection {
  @IsOptional() @IsString(STRING) token_path?: string;
  @IsOptional() @IsString(STRING) username?: string;
  @IsOptional() @IsString(STRING) password_file?: string;
}

export class CliMciasSection {
  @IsString(STRING) server_url!: string;
  @IsOptional() @IsString(STRING) ca_cert?: string;
  @IsOptional() @IsString(STRING) service_name?: string;
}

export class CliTlsSection {
  @IsOptional() @IsString(STRING) ca_cert?: string;
}

/** How the CLI talks to many nodes: how long one may keep it waiting, how many are asked at once. */
export class CliCliSection {
  @IsOptional() @IsString(STRING) node_timeout?: string;
  @IsOptional() @IsInt(INTEGER) parallel?: number;
}

export class CliNodeEntry {
  @IsString(STRING) name!: string;
  @IsString(STRING) address!: string;
}

export class CliConfigDto {
  @IsOptional() @ValidateNested(SECTION) @Type(() => CliServicesSection) services?: CliServicesSection;
  @IsOptional() @ValidateNested(SECTION) @Type(() => CliAuthSection) auth?: CliAuthSection;
  @IsOptional() @ValidateNested(SECTION) @Type(() => CliMciasSection) mcias?: CliMciasSection;
  @IsOptional() @ValidateNested(SECTION) @Type(() => CliTlsSection) tls?: CliTlsSection;
  @IsOptional() @ValidateNested(SECTION) @Type(() => CliCliSection) cli?: CliCliSection;
  @IsOptional()
  @IsArray({ message: 'expected [[nodes]] tables' })
  @ValidateNested({ each: true, message: 'expected [[nodes]] tables' })
  @Type(() => CliNodeEntry)
  nodes?: CliNodeEntry[];
}

/** [[nodes]] is a list of tables and has no env override; edit it with `mcp node add|remove`. */
export const CLI_SECTIONS = {
  services: CliServicesSection,
  auth: CliAuthSection,
  mcias: CliMciasSection,
  tls: CliTlsSection,
  cli: CliCliSection,
} as const;

export const CLI_ENV_KINDS: Readonly<Record<string, EnvKind>> = { 'cli.parallel': 'integer' };
