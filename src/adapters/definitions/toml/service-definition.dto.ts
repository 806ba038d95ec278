import 'reflect-metadata'; // class-transformer's @Type reads design-time metadata
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsOptional, IsString, ValidateBy, ValidateNested } from '../../support/validation/class-validator.lite';

const STRING = { message: 'expected a string' };
const STRINGS = { message: 'expected an array of strings' };
const EACH_STRING = { each: true, message: 'expected an array of strings' };

function isStringTable(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return false;
  return Object.values(value).every((v) => typeof v === 'string');
}

const IsStringTable = () =>
  ValidateBy({ name: 'isStringTable', validator: { validate: isStringTable, defaultMessage: () => 'expected a table of strings, e.g. { LOG_LEVEL = "info" }' } });

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
  @IsOptional() @IsStringTable() env?: Record<string, string>;
  @IsOptional() @IsString(STRING) pull?: string;
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
