import 'reflect-metadata'; // class-transformer's @Type reads design-time metadata
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsOptional, IsString, ValidateBy, ValidateNested } from '../../support/validation/class-validator.lite';

const STRING = { message: 'expected a string' };
const STRINGS = { message: 'expected an array of strings' };
const EACH_STRING = { each: true, message: 'expected an array of strings' };

function isStringTable(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return false;
  return Object.values(value).every((v) => typeof v === 'string');
}

/** `example`: what this key's table looks like, shown when it is not one. */
const IsStringTable = (example: string) =>
  ValidateBy({ name: 'isStringTable', validator: { validate: isStringTable, defaultMessage: () => `expected a table of strings, e.g. ${example}` } });

/** `[components.health]`: types only; durations are parsed by the loader, the rules are the domain's. */
export class HealthDto {
  @IsOptional() @IsString(STRING) http?: string;
  @IsOptional() @IsString(STRING) tcp?: string;
  @IsOptional() @IsArray(STRINGS) @IsString(EACH_STRING) cmd?: string[];
  @IsOptional() @IsString({ message: 'expected a duration string like "30s"' }) interval?: string;
  @IsOptional() @IsString({ message: 'expected a duration string like "5s"' }) timeout?: string;
  @IsOptional() @IsInt({ message: 'expected a whole number' }) retries?: number;
  @IsOptional() @IsString({ message: 'expected a duration string like "60s"' }) start_period?: string;
}

/**
 * The shape of one [[components]] table: types only. The rules (names,
 * pull values, flag-looking values) belong to the domain's createServiceSpec.
 */
export class ComponentDto {
  @IsString(STRING) name!: string;
  @IsString(STRING) image!: string;
  @IsOptional() @IsString(STRING) network?: string;
  @IsOptional() @IsString(STRING) user?: string;
  @IsOptional() @IsString(STRING) restart?: string;
  @IsOptional() @IsArray(STRINGS) @IsString(EACH_STRING) ports?: string[];
  @IsOptional() @IsArray(STRINGS) @IsString(EACH_STRING) volumes?: string[];
  @IsOptional() @IsArray(STRINGS) @IsString(EACH_STRING) cmd?: string[];
  @IsOptional() @IsStringTable('{ LOG_LEVEL = "info" }') env?: Record<string, string>;
  @IsOptional() @IsString(STRING) pull?: string;
  @IsOptional() @IsStringTable('{ DB_PASSWORD = "db-password" }') secrets?: Record<string, string>;
  @IsOptional() @IsStringTable('{ "/run/secrets/tls.key" = "tls-key" }') secret_files?: Record<string, string>;
  @IsOptional()
  @ValidateNested({ message: 'expected a table, e.g. [components.health]' })
  @Type(() => HealthDto)
  health?: HealthDto;
}

export class ServiceDefinitionDto {
  @IsString(STRING) name!: string;
  @IsString(STRING) node!: string;
  @IsOptional() @IsBoolean({ message: 'expected true or false' }) active?: boolean;
  @IsArray({ message: 'expected [[components]] tables' })
  @ValidateNested({ each: true, message: 'expected [[components]] tables' })
  @Type(() => ComponentDto)
  components!: ComponentDto[];
}
